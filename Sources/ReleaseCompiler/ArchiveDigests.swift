import DeployerSupport
import Foundation

/// Digest computation and verification against bosh digest strings (`sha1`/`sha256` forms).
enum ArchiveDigests {
    /// SHA-256 digest string (`sha256:<hex>`) of a file: what bosh-cli records for new tarballs.
    static func sha256(ofFile path: String) throws -> String {
        do {
            return try Digest.compute(ofFile: path, algorithm: .sha256).description
        } catch {
            throw ReleaseError.io(operation: "Computing digest of", path: path, reason: "\(error)")
        }
    }

    /// Verifies `file` against `expected` (strongest algorithm present), throwing the error
    /// `mismatch(expected, actual)` builds when it differs.
    static func verify(
        file: String, expected: String, mismatch: (_ expected: String, _ actual: String) -> ReleaseError
    ) throws {
        let parsed: MultiDigest
        do {
            parsed = try MultiDigest(parsing: expected)
        } catch {
            throw mismatch(expected, "unparseable expected digest: \(error)")
        }
        let strongest = parsed.strongest
        let actual: Digest
        do {
            actual = try Digest.compute(ofFile: file, algorithm: strongest.algorithm)
        } catch {
            throw ReleaseError.io(operation: "Computing digest of", path: file, reason: "\(error)")
        }
        guard actual.hex == strongest.hex else { throw mismatch(strongest.description, actual.description) }
    }
}

import DeployerSupport
import Foundation

/// Hashes whole files off Swift's cooperative pool: a multi-gigabyte stemcell takes seconds
/// to read, and the pool has only one thread per core.
enum ArtifactHasher {
    /// The digests of `path` for `algorithms`, and its size, read in one pass.
    static func hash(_ path: String, algorithms: [DigestAlgorithm]) async -> Result<(MultiDigest, Int64), DigestError> {
        await runOnDedicatedThread(name: "deployer-hash") {
            let result = Result { () throws(DigestError) -> MultiDigest in
                try MultiDigest.compute(ofFile: path, algorithms: algorithms)
            }
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
            return result.map { ($0, size) }
        }
    }

    /// What to compute for an artifact: sha1 and sha256 always (so any recorded form can be
    /// compared), plus the expected digest's algorithm when it is another one (sha512).
    static func algorithms(for expected: MultiDigest?) -> [DigestAlgorithm] {
        var algorithms: [DigestAlgorithm] = [.sha1, .sha256]
        if let strongest = expected?.strongest.algorithm, !algorithms.contains(strongest) {
            algorithms.append(strongest)
        }
        return algorithms
    }
}

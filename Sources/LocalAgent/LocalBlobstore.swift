import AgentProtocol
import DeployerSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The VM's blob store: `data/blobs/<id>` (PUT over the mbus, compiled packages) and
/// `data/sensitive_blobs/<id>` (looked at first, like the real agent's cascading blobstore).
struct LocalBlobstore: Sendable {
    let layout: VMLayout

    /// Whether `id` can name a file: letters, digits, `-`, `_`, `.`, not starting with `.`.
    static func isValidID(_ id: String) -> Bool {
        guard SafeRelativePath.isSafeComponent(id), id.count <= 255, !id.hasPrefix(".") else { return false }
        return id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                || byte == 0x2d || byte == 0x5f || byte == 0x2e
        }
    }

    /// Where a PUT stores blob `id`.
    func path(forID id: String) -> String { layout.blobsDir + "/" + id }

    /// A fresh temporary path beside the blobs, renamed into place once complete.
    func temporaryPath(forID id: String) -> String {
        layout.blobsDir + "/.\(id).partial-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// The stored file of blob `id`, from `sensitive_blobs` then `blobs`.
    /// - Throws: `LocalAgentError` when the id is invalid or no such blob exists.
    func existingPath(forID id: String) throws -> String {
        guard Self.isValidID(id) else { throw LocalAgentError("Blob id '\(id)' is not valid") }
        for dir in [layout.sensitiveBlobsDir, layout.blobsDir] {
            let candidate = dir + "/" + id
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        throw LocalAgentError("Blob '\(id)' not found in '\(layout.blobsDir)'")
    }

    /// The file of blob `id`, checked against the multi-digest `digest` (strongest algorithm).
    /// - Throws: `LocalAgentError` (`Checking blob '<id>': ...`).
    func verifiedPath(forID id: String, digest: String) throws -> String {
        let file = try existingPath(forID: id)
        do {
            try MultiDigest(parsing: digest).verify(fileAt: file)
        } catch DigestError.empty {
            throw LocalAgentError(
                "Checking blob '\(id)': no digest algorithm found. Supported algorithms: sha1, sha256, sha512")
        } catch {
            throw LocalAgentError.wrapping("Checking blob '\(id)'", error)
        }
        return file
    }

    /// Moves a complete file in as a new blob with a fresh UUID id.
    /// - Returns: the new blob id.
    /// - Throws: `LocalAgentError` naming both paths.
    func adopt(file: String) throws -> String {
        let id = UUID().uuidString.lowercased()
        let target = path(forID: id)
        guard rename(file, target) == 0 else {
            throw LocalAgentError("Storing blob: moving '\(file)' to '\(target)': \(String(cString: strerror(errno)))")
        }
        chmod(target, 0o640)
        return id
    }

    /// Archives `directory` (gzip) into a new blob, as the agent stores compiled packages and
    /// log bundles.
    /// - Parameters:
    ///   - scratch: where the tarball is written first (on the blob store's file system).
    ///   - archiving: the error context of the archive step; `storing`: of the store step.
    /// - Returns: the blob id and the tarball's SHA-1.
    /// - Throws: `LocalAgentError` with the given context.
    func storeArchive(of directory: String, scratch: String, archiving: String, storing: String) throws -> BlobReference
    {
        let tarball = scratch + "/blob-\(UUID().uuidString.lowercased()).tgz"
        defer { try? FileTree.remove(tarball) }
        let digests = try prefixingErrors(archiving) {
            try LibArchiveWriter().writeTarball(
                from: directory, to: tarball, options: ArchiveWriteOptions(digestAlgorithms: [DigestAlgorithm.sha1]))
        }
        guard let sha1 = digests.digest(for: DigestAlgorithm.sha1) else {
            throw LocalAgentError("\(archiving): no SHA-1 was computed")
        }
        let blobID = try prefixingErrors(storing) { try adopt(file: tarball) }
        return BlobReference(blobstoreID: BlobID(blobID), sha1: sha1.hex)
    }
}

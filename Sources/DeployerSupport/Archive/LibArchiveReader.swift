import Foundation

/// `ArchiveReader` over libarchive: gzip, bzip2, xz or uncompressed tar, auto-detected.
///
/// The tarball is read once through 64 KiB blocks; the blocks are hashed as they are handed to
/// libarchive, so every operation that reads to the end also yields the tarball's digests.
public struct LibArchiveReader: ArchiveReader {
    /// Algorithms computed over the whole tarball during `forEachEntry` and `extract`.
    public var digestAlgorithms: [DigestAlgorithm]
    /// Size limits applied by `extract`.
    public var limits: ExtractionLimits

    /// Creates a reader.
    ///
    /// - Parameters:
    ///   - digestAlgorithms: digests computed while reading (default sha1 and sha256, the two
    ///     forms found in manifests and `release.MF`).
    ///   - limits: size limits for extraction.
    public init(digestAlgorithms: [DigestAlgorithm] = [.sha1, .sha256], limits: ExtractionLimits = ExtractionLimits()) {
        self.digestAlgorithms = digestAlgorithms
        self.limits = limits
    }

    @discardableResult
    public func forEachEntry(
        in tarball: String, _ body: (ArchiveEntry, any ArchiveEntryContent) throws -> Void
    ) throws -> MultiDigest {
        let session = try LibArchiveReadSession(tarball: tarball, algorithms: digestAlgorithms)
        while let entry = try session.nextHeader() {
            let content = LibArchiveEntryContent(session: session, entry: entry)
            defer { content.isValid = false }
            try body(entry, content)
        }
        return try session.finish()
    }

    public func readMember(named name: String, in tarball: String, limit: Int) throws -> Data {
        let (session, entry) = try findMember(named: name, in: tarball)
        return try LibArchiveEntryContent(session: session, entry: entry).readAll(limit: limit)
    }

    public func readMember(named name: String, inArchive data: Data, label: String, limit: Int) throws -> Data {
        let wanted = ArchiveEntry.normalize(name)
        let session = try LibArchiveReadSession(data: data, label: label, algorithms: [digestAlgorithms.first ?? .sha1])
        while let entry = try session.nextHeader() {
            if entry.kind == .file, entry.normalizedPath == wanted {
                return try LibArchiveEntryContent(session: session, entry: entry).readAll(limit: limit)
            }
        }
        throw ArchiveError(tarball: label, entry: name, reason: .memberNotFound)
    }

    public func extractMember(named name: String, in tarball: String, to path: String) throws {
        let (session, entry) = try findMember(named: name, in: tarball)
        try LibArchiveEntryContent(session: session, entry: entry).write(toFile: path, permissions: entry.permissions)
    }

    /// Positions a new session on the first regular file named `name` (ignoring `./`).
    private func findMember(
        named name: String, in tarball: String
    ) throws(ArchiveError) -> (LibArchiveReadSession, ArchiveEntry) {
        let wanted = ArchiveEntry.normalize(name)
        // Only the first algorithm: the digest of a partial read is never reported.
        let session = try LibArchiveReadSession(tarball: tarball, algorithms: [digestAlgorithms.first ?? .sha1])
        while let entry = try session.nextHeader() {
            if entry.kind == .file, entry.normalizedPath == wanted {
                return (session, entry)
            }
        }
        throw ArchiveError(tarball: tarball, entry: name, reason: .memberNotFound)
    }
}

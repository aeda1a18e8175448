import Foundation

/// Reads tarballs (`.tgz` or plain `.tar`): iterates members, extracts safely, reads single
/// members. Every pass over a tarball also digests the whole file, so callers never read a
/// large artefact twice.
public protocol ArchiveReader: Sendable {
    /// Visits every member in order, hashing the whole tarball while reading it.
    ///
    /// - Parameters:
    ///   - tarball: path of the tarball.
    ///   - body: called once per member with its header and a stream of its content; the
    ///     stream is valid only during the call. Unread content is skipped.
    /// - Returns: the digests of the whole tarball file.
    /// - Throws: `ArchiveError` naming the tarball and entry, or whatever `body` throws.
    @discardableResult
    func forEachEntry(
        in tarball: String, _ body: (ArchiveEntry, any ArchiveEntryContent) throws -> Void
    ) throws -> MultiDigest

    /// Extracts every member under `destination`, refusing anything that would land outside it.
    ///
    /// - Returns: the digests of the whole tarball file.
    /// - Throws: `ArchiveError`; whatever was extracted before the error is removed.
    @discardableResult
    func extract(tarball: String, to destination: String) throws -> MultiDigest

    /// Reads one member (`name` with or without `./`) into memory.
    ///
    /// - Throws: `ArchiveError` with `.memberNotFound` or `.memberTooLarge(limit:)`.
    func readMember(named name: String, in tarball: String, limit: Int) throws -> Data

    /// The content of member `name` of a small tarball held in memory (a job inside a
    /// release), at most `limit` bytes; `label` names the tarball in errors.
    ///
    /// - Throws: `ArchiveError` with `.memberNotFound`, `.memberTooLarge` or `.malformed`.
    func readMember(named name: String, inArchive data: Data, label: String, limit: Int) throws -> Data

    /// Streams one member to a new file at `path` (mode taken from the header).
    ///
    /// - Throws: `ArchiveError` with `.memberNotFound` or `.writeFailed`.
    func extractMember(named name: String, in tarball: String, to path: String) throws
}

/// The content of the member being visited by `ArchiveReader.forEachEntry`.
public protocol ArchiveEntryContent: AnyObject {
    /// Calls `body` with each block of the content (64 KiB or what the decompressor yields)
    /// until the member ends.
    func forEachBlock(_ body: (UnsafeRawBufferPointer) throws -> Void) throws

    /// Reads the whole content into memory.
    ///
    /// - Throws: `ArchiveError.Reason.memberTooLarge` when the content is above `limit` bytes.
    func readAll(limit: Int) throws -> Data

    /// Streams the content into a new file (replaced if it exists) with `permissions`.
    func write(toFile path: String, permissions: UInt32) throws
}

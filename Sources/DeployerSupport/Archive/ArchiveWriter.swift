import Foundation

/// Writes a tarball from a directory tree (compiled packages, rendered job templates).
public protocol ArchiveWriter: Sendable {
    /// Archives the contents of `directory` (not the directory itself) into `tarball`.
    ///
    /// - Parameters:
    ///   - directory: the tree to archive; its entries are stored with relative paths.
    ///   - tarball: the file to create (replaced if it exists).
    ///   - options: compression, name prefix, fixed modification time, digests.
    /// - Returns: the digests of the written tarball, computed while writing it.
    /// - Throws: `ArchiveError` naming the tarball and the file that failed; no partial
    ///   tarball is left behind.
    @discardableResult
    func writeTarball(from directory: String, to tarball: String, options: ArchiveWriteOptions) throws -> MultiDigest
}

extension ArchiveWriter {
    /// Archives `directory` into `tarball` with the default options (gzip, `./` names).
    @discardableResult
    public func writeTarball(from directory: String, to tarball: String) throws -> MultiDigest {
        try writeTarball(from: directory, to: tarball, options: ArchiveWriteOptions())
    }
}

/// How `ArchiveWriter` lays out a tarball.
public struct ArchiveWriteOptions: Sendable, Hashable {
    /// gzip the tar stream (a `.tgz`); false writes plain tar (bosh `no_compression`).
    public var gzip: Bool
    /// Prefix member names with `./` as `tar -czf x.tgz -C dir .` does (what bosh-cli writes
    /// for compiled packages and rendered jobs).
    public var dotSlashPrefix: Bool
    /// When set, every entry gets this modification time and the gzip header carries no
    /// timestamp, so the same tree always gives the same bytes (and digest).
    public var modificationDate: Date?
    /// Digests computed over the written tarball.
    public var digestAlgorithms: [DigestAlgorithm]
    /// Top-level names written first, in this order, when present, each with everything under
    /// it (sorted); the rest follow sorted. A reader looking for one member stops at it, so a
    /// release's `release.MF` placed first is read without decompressing the packages behind it.
    public var leadingEntries: [String]
    /// Store modes as bosh-cli stages files (0755 for directories and files the owner may
    /// execute, 0644 for other files) instead of the modes on disk, so the bytes do not depend
    /// on the umask or on how the files got there.
    public var normalizesModes: Bool

    /// Creates options; the defaults write a gzip tarball with `./` names and real mtimes.
    public init(
        gzip: Bool = true, dotSlashPrefix: Bool = true, modificationDate: Date? = nil,
        digestAlgorithms: [DigestAlgorithm] = [.sha256, .sha1], leadingEntries: [String] = [],
        normalizesModes: Bool = false
    ) {
        self.gzip = gzip
        self.dotSlashPrefix = dotSlashPrefix
        self.modificationDate = modificationDate
        self.digestAlgorithms = digestAlgorithms
        self.leadingEntries = leadingEntries
        self.normalizesModes = normalizesModes
    }

    /// Byte-for-byte reproducible output: entries dated 1970-01-01.
    public static let deterministic = ArchiveWriteOptions(modificationDate: Date(timeIntervalSince1970: 0))
}

import CoreFoundation
import DeployerSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Remembers the digests of local artifact files that have not changed since they were
/// hashed, so a deploy with nothing to do does not read every release and stemcell again
/// (hundreds of MiB, most of a no-op run's time). bosh-cli hashes them on every run.
///
/// A file counts as unchanged while its `FileIdentity` (device, inode, size, modification
/// and status-change times to the nanosecond) is the one recorded, the test git uses for its
/// index. The status-change time cannot be set from user space and moves on every write,
/// rename into place or `touch`, so a replaced or edited file is always hashed again. Two
/// guards cover what that test alone would miss:
/// - a file changed while it was being hashed: identities taken before and after must match;
/// - a write landing in the same timestamp tick as the one recorded ("racy git"): only files
///   whose status last changed `settleTime` or more before the hash are remembered.
///
/// One JSON file per artifact path under `<deployer home>/digests/`, written atomically
/// (0600). An unreadable, foreign or stale entry is a miss, never an error: the memo only
/// ever saves a hash.
public struct FileDigestMemo: Sendable {
    /// Where the entries live, `<deployer home>/digests`.
    public let directory: String
    /// How long a file must have been left alone before its digests are remembered.
    public let settleTime: TimeInterval

    /// A memo in `directory` (created on first use).
    /// - Parameter settleTime: seconds a file's status must have been unchanged before its
    ///   digests are kept; 2 s covers coarse file-system timestamps.
    public init(directory: String, settleTime: TimeInterval = 2) {
        self.directory = directory
        self.settleTime = settleTime
    }

    private struct Entry: Codable {
        var path: String
        var identity: FileIdentity
        var digest: MultiDigest
    }

    /// The remembered digests of `path` in its state `identity` for exactly `algorithms`
    /// (what a hash would have computed), when the entry covers every one of them.
    func digests(of path: String, identity: FileIdentity, algorithms: [DigestAlgorithm]) -> MultiDigest? {
        guard let data = FileManager.default.contents(atPath: entryPath(for: path)),
            let entry = try? JSONDecoder().decode(Entry.self, from: data),
            entry.path == path, entry.identity == identity
        else { return nil }
        let known = algorithms.compactMap { entry.digest.digest(for: $0) }
        guard known.count == algorithms.count else { return nil }
        return try? MultiDigest(known)
    }

    /// Remembers `digest` for `path` when the file was settled and unchanged while it was
    /// hashed (`before` and `after` are its identities around the hash). Failures to write
    /// are ignored: the next run hashes again.
    func remember(
        _ digest: MultiDigest, of path: String, before: FileIdentity, after: FileIdentity?, now: Date = Date()
    ) {
        guard before == after, now.timeIntervalSince1970 - before.statusChangeTime >= settleTime else { return }
        guard let data = try? JSONEncoder().encode(Entry(path: path, identity: before, digest: digest)) else { return }
        try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try? AtomicFile.write(data, to: entryPath(for: path), mode: 0o600)
    }

    private func entryPath(for path: String) -> String {
        let name = (try? Digest.compute(of: Data(path.utf8), algorithm: .sha256).hex) ?? "unnamed"
        return (directory as NSString).appendingPathComponent(name + ".json")
    }
}

/// What identifies one version of a file without reading it.
struct FileIdentity: Codable, Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int64
    var modifiedNanoseconds: Int64
    var statusChangedSeconds: Int64
    var statusChangedNanoseconds: Int64

    /// The identity of the file at `path` (following links), or nil when it cannot be read.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedSeconds = Int64(info.st_mtim.tv_sec)
        modifiedNanoseconds = Int64(info.st_mtim.tv_nsec)
        statusChangedSeconds = Int64(info.st_ctim.tv_sec)
        statusChangedNanoseconds = Int64(info.st_ctim.tv_nsec)
    }

    /// The status-change time in seconds since 1970.
    var statusChangeTime: TimeInterval {
        TimeInterval(statusChangedSeconds) + TimeInterval(statusChangedNanoseconds) / 1e9
    }
}

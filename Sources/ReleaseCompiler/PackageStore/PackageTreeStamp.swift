import DeployerSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A digest of what a compiled package's directory looks like to `lstat`: every entry's
/// relative path, type, permission bits, size, modification time and symlink target.
///
/// It tells a stored package that is still as it was compiled from one that lost, gained,
/// truncated or rewrote a file, without reading file contents: a warm CPI install (a real Ruby
/// with its gems is thousands of files) must stay well under 0.2 s. Like `make` and git's
/// index, it does not notice a rewrite that keeps both size and modification time.
enum PackageTreeStamp {
    /// The stamp of `directory` (`sha256:<hex>`).
    ///
    /// - Throws: `ReleaseError.io` when the directory cannot be read.
    static func compute(of directory: String) throws -> String {
        var lines: [String] = []
        try FileTree.forEachEntry(under: directory) { relative, _ in
            lines.append(try line(for: relative, in: directory))
        }
        let text = lines.joined(separator: "\n")
        do {
            return try Digest.compute(of: Data(text.utf8), algorithm: .sha256).description
        } catch {
            throw ReleaseError.io(operation: "Computing the stamp of", path: directory, reason: "\(error)")
        }
    }

    private static func line(for relative: String, in root: String) throws -> String {
        let path = root + "/" + relative
        var info = stat()
        guard lstat(path, &info) == 0 else {
            throw ReleaseError.io(operation: "Reading", path: path, reason: String(cString: strerror(errno)))
        }
        let mode = String(info.st_mode & 0o7777, radix: 8)
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            return "d \(mode) \(relative)"
        case S_IFLNK:
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? ""
            return "l \(relative) -> \(target)"
        case S_IFREG:
            let mtime = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            return "f \(mode) \(info.st_size) \(mtime) \(relative)"
        default:
            return "o \(mode) \(relative)"
        }
    }
}

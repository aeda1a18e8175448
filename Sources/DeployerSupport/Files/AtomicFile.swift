import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes whole files so that a reader (or a crash) only ever sees the old or the new content.
///
/// The content goes to a temporary file in the same directory, is flushed with `fsync`, and is
/// renamed over the target; the directory is then synced so the rename itself is durable.
public enum AtomicFile {
    /// Replaces `path` with `data`.
    ///
    /// - Parameters:
    ///   - data: the complete new content.
    ///   - path: the file to replace or create.
    ///   - mode: permission bits of the new file (state files and vars stores use `0o600`).
    ///   - keepBackup: when true and `path` exists, its previous content is kept as `path.bak`
    ///     (written atomically too) before the new content replaces it.
    /// - Throws: `FileWriteError` naming the path and the failing system call; the existing
    ///   file is untouched when any step fails.
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o600, keepBackup: Bool = false) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let dirForTemp = directory.isEmpty ? "." : directory
        if keepBackup, FileManager.default.fileExists(atPath: path) {
            let previous = try readAll(path)
            try writeReplacing(previous, path: path + ".bak", directory: dirForTemp, mode: mode)
        }
        try writeReplacing(data, path: path, directory: dirForTemp, mode: mode)
    }

    private static func readAll(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileWriteError(path: path, operation: "read", code: errno)
        }
        return data
    }

    private static func writeReplacing(_ data: Data, path: String, directory: String, mode: mode_t) throws {
        let base = (path as NSString).lastPathComponent
        var template = Array("\(directory)/.\(base).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FileWriteError(path: path, operation: "create temporary file", code: errno) }
        let tempPath = String(cString: template.map { UInt8(bitPattern: $0) })
        var renamed = false
        defer {
            if !renamed { unlink(tempPath) }
        }
        do {
            defer { close(fd) }
            guard fchmod(fd, mode) == 0 else { throw FileWriteError(path: path, operation: "chmod", code: errno) }
            try data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw FileWriteError(path: path, operation: "write", code: errno)
                    }
                    offset += written
                }
            }
            guard fsync(fd) == 0 else { throw FileWriteError(path: path, operation: "fsync", code: errno) }
        }
        guard rename(tempPath, path) == 0 else { throw FileWriteError(path: path, operation: "rename", code: errno) }
        renamed = true
        let dirFD = open(directory, O_RDONLY | O_DIRECTORY)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }
}

/// A failed step of an atomic file write.
public struct FileWriteError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let operation: String
    public let code: Int32

    public var description: String {
        "Writing '\(path)': \(operation) failed: \(String(cString: strerror(code)))"
    }
}

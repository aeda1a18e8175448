import DeployerSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads whole files the way bosh-cli's file system does, so failures carry its wording:
/// `Opening file <p>: open <p>: no such file or directory`.
public enum FileContents {
    /// The bytes of `path`.
    ///
    /// - Throws: `ContextError` ("Opening file <p>" / "Reading file content <p>") around a
    ///   `FileReadError`.
    public static func read(_ path: String) throws -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ContextError(context: "Opening file \(path)", underlying: FileReadError(operation: "open", path: path, code: errno))
        }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ContextError(
                    context: "Reading file content \(path)",
                    underlying: FileReadError(operation: "read", path: path, code: errno))
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }

    /// The text of `path` (invalid UTF-8 is replaced rather than rejected, as Go keeps bytes).
    ///
    /// - Throws: as `read(_:)`.
    public static func readText(_ path: String) throws -> String {
        String(decoding: try read(path), as: UTF8.self)
    }

    /// Whether something exists at `path` (bosh-cli: any stat error but "not found" counts as existing).
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        if stat(path, &info) == 0 { return true }
        return errno != ENOENT
    }

    /// `path` with a leading `~` replaced by the home directory, made absolute against the
    /// current directory (bosh-cli `ExpandPath`).
    public static func expand(_ path: String, home: String? = nil) -> String {
        var expanded = path
        if expanded.hasPrefix("~") {
            let homeDirectory = home ?? FileManager.default.homeDirectoryForCurrentUser.path
            expanded = homeDirectory + "/" + expanded.dropFirst()
        }
        if !expanded.hasPrefix("/") {
            expanded = FileManager.default.currentDirectoryPath + "/" + expanded
        }
        return clean(expanded)
    }

    /// Lexically cleans an absolute path like Go's `filepath.Clean`.
    static func clean(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}

/// A failed system call on a file, worded like Go's `*os.PathError` (`open p: permission denied`).
public struct FileReadError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The system call: `open` or `read`.
    public let operation: String
    /// The file.
    public let path: String
    /// The errno value.
    public let code: Int32

    public var description: String {
        // Go's error strings are strerror's text with a lower-case first letter.
        let text = String(cString: strerror(code))
        return "\(operation) \(path): \(text.prefix(1).lowercased() + text.dropFirst())"
    }
}

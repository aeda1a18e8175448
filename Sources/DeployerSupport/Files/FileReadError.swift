#if canImport(Glibc)
import Glibc
#endif

/// A file that could not be read, with the system's reason (`strerror`), never Foundation's
/// wording.
public struct FileReadError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file.
    public let path: String
    /// The `errno` value of the failing call.
    public let code: Int32

    public init(path: String, code: Int32) {
        self.path = path
        self.code = code
    }

    /// Whether the path names a directory.
    public var isDirectory: Bool { code == EISDIR }

    /// The reason alone (`Is a directory`).
    public var reason: String { SystemErrorText.text(errno: code) }

    public var description: String { "Reading '\(path)': \(reason)" }
}

#if canImport(Glibc)
import Glibc
#endif

/// A file `PlainFile` could not read, with the system's reason (`strerror`), never
/// Foundation's wording.
public struct PlainFileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The system call that failed: `open` or `read` (a directory fails at `read`, as in Go).
    public let operation: String
    /// The file.
    public let path: String
    /// The `errno` value of the failing call.
    public let code: Int32

    public init(operation: String, path: String, code: Int32) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    /// Whether the path names a directory.
    public var isDirectory: Bool { code == EISDIR }

    /// The reason alone (`Is a directory`).
    public var reason: String { SystemErrorText.text(errno: code) }

    public var description: String { "Reading '\(path)': \(reason)" }
}

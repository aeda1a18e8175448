import Foundation

/// Writing a generated benchmark file failed.
public struct BenchFileError: Error, Sendable, CustomStringConvertible {
    /// The file that could not be written.
    public var path: String
    /// The underlying error's description.
    public var reason: String

    public var description: String { "cannot write '\(path)': \(reason)" }
}

/// Small file helpers for the benchmarks' generated releases.
public enum BenchFile {
    /// Writes `text` to `path`, creating the parent directories.
    ///
    /// - Throws: `BenchFileError` naming the path.
    public static func write(_ text: String, to path: String) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw BenchFileError(path: path, reason: "\(error)")
        }
    }
}

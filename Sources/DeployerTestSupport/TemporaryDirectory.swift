import Foundation

/// A fresh directory under the system's temporary directory for one test, removed by
/// `remove()` or when the last reference goes away (keep it referenced, e.g. by a `defer`,
/// while a child process uses its path).
public final class TemporaryDirectory: Sendable {
    /// The directory's path.
    public let path: String

    /// Creates `<tmp>/<prefix>-<random>`.
    /// - Throws: when it cannot be created.
    public init(_ prefix: String = "deployer-tests") throws {
        path = FileManager.default.temporaryDirectory.path + "/\(prefix)-\(UUID().uuidString.lowercased())"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { remove() }

    /// The directory as a file URL.
    public var url: URL { URL(fileURLWithPath: path) }

    /// The path of `relative` inside the directory.
    public func path(_ relative: String) -> String { path + "/" + relative }

    /// Writes `text` at `relative` (parents created), mode 0755 when `executable`, else 0644.
    /// - Returns: the file's path.
    @discardableResult
    public func write(_ relative: String, _ text: String, executable: Bool = false) throws -> String {
        let full = path(relative)
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        try FileManager.default.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: full)
        return full
    }

    /// The text of the file at `relative`.
    public func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }

    /// Whether something exists at `relative`.
    public func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    /// Every path below the directory, relative to it, sorted.
    public func listing() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: path)
        var paths: [String] = []
        while let next = enumerator?.nextObject() as? String { paths.append(next) }
        return paths.sorted()
    }

    /// Removes the directory and everything in it (again: nothing happens).
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

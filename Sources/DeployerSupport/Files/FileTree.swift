import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The file operations the release compiler and the local agent share: directories, links,
/// moves, copies, listings. Failures are `FileOperationError`s that name the path and give the
/// system's reason, never Foundation's text.
public enum FileTree {
    /// Whether anything (even a dangling link) is at `path`.
    public static func exists(_ path: String) -> Bool { FileKind(of: path) != .missing }

    /// Whether `path` itself is a symbolic link.
    public static func isSymlink(_ path: String) -> Bool { FileKind(of: path) == .symlink }

    /// Whether `path` is a directory, following links.
    public static func isDirectory(_ path: String) -> Bool { FileKind(following: path) == .directory }

    /// Creates `path` and its missing parents.
    /// - Throws: `FileOperationError` naming the path.
    public static func createDirectory(_ path: String) throws(FileOperationError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw FileOperationError(operation: "Creating directory", path: path, error: error)
        }
    }

    /// A fresh directory `<prefix>-<uuid>` under `parent` (the system temporary directory when nil).
    /// - Throws: `FileOperationError` naming the directory.
    public static func makeTemporaryDirectory(
        prefix: String, under parent: String? = nil
    ) throws(FileOperationError)
        -> String
    {
        let base = parent ?? FileManager.default.temporaryDirectory.path
        try createDirectory(base)
        let path = base + "/" + prefix + "-" + UUID().uuidString.lowercased()
        try createDirectory(path)
        return path
    }

    /// Removes `path` (file, link or tree) if it exists.
    /// - Throws: `FileOperationError` naming the path.
    public static func remove(_ path: String) throws(FileOperationError) {
        guard exists(path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw FileOperationError(operation: "Removing", path: path, error: error)
        }
    }

    /// Renames `source` to `destination` (`rename(2)`: atomic within one file system).
    /// - Throws: `FileOperationError` naming both.
    public static func move(_ source: String, to destination: String) throws(FileOperationError) {
        guard rename(source, destination) == 0 else {
            throw FileOperationError(operation: "Moving '\(source)' to", path: destination, code: errno)
        }
    }

    /// Makes `destination` a hard link to `source` when both are on one file system, else a
    /// copy of it: the way to take a large file that is never changed in place (a cached
    /// compiled package) without copying its bytes.
    /// - Throws: `FileOperationError` naming both when neither works.
    public static func linkOrCopy(_ source: String, to destination: String) throws(FileOperationError) {
        if link(source, destination) == 0 { return }
        do {
            try FileManager.default.copyItem(atPath: source, toPath: destination)
        } catch {
            throw FileOperationError(operation: "Copying '\(source)' to", path: destination, error: error)
        }
    }

    /// Points `link` at `target`, replacing an existing link atomically (symlink + rename).
    /// - Throws: `FileOperationError` naming the link.
    public static func replaceSymlink(at link: String, to target: String) throws(FileOperationError) {
        let temporary = link + ".tmp-\(UUID().uuidString.prefix(8))"
        guard symlink(target, temporary) == 0 else {
            throw FileOperationError(operation: "Linking '\(target)' as", path: link, code: errno)
        }
        guard rename(temporary, link) == 0 else {
            let code = errno
            unlink(temporary)
            throw FileOperationError(operation: "Linking '\(target)' as", path: link, code: code)
        }
    }

    /// Copies a regular file and sets its mode to 0755 when `modeFrom` (the source by default)
    /// is executable, else 0644: how bosh-cli stages job and package files.
    /// - Throws: `FileOperationError` naming the file.
    public static func copyNormalizingMode(
        from source: String, to destination: String, modeFrom: String? = nil
    ) throws(FileOperationError) {
        try createDirectory((destination as NSString).deletingLastPathComponent)
        try remove(destination)
        do {
            try FileManager.default.copyItem(atPath: source, toPath: destination)
        } catch {
            throw FileOperationError(operation: "Copying file", path: source, error: error)
        }
        let mode: mode_t = isExecutable(modeFrom ?? source) ? 0o755 : 0o644
        guard chmod(destination, mode) == 0 else {
            throw FileOperationError(operation: "Changing mode", path: destination, code: errno)
        }
    }

    /// Writes `text` to `path` with `mode`, creating its directory.
    /// - Throws: `FileOperationError` naming the file.
    public static func write(_ text: String, to path: String, mode: mode_t = 0o644) throws(FileOperationError) {
        try createDirectory((path as NSString).deletingLastPathComponent)
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw FileOperationError(operation: "Writing file", path: path, reason: "cannot create file")
        }
        guard chmod(path, mode) == 0 else {
            throw FileOperationError(operation: "Changing mode", path: path, code: errno)
        }
    }

    /// Visits every entry under `root` (`DirectoryTree.forEachEntry`).
    /// - Throws: `FileOperationError` naming a directory that cannot be listed; what `body` throws.
    public static func forEachEntry(
        under root: String, _ body: (_ relative: String, _ kind: FileKind) throws -> Void
    ) throws {
        do {
            try DirectoryTree.forEachEntry(under: root, body)
        } catch let error as DirectoryTree.ListingError {
            throw FileOperationError(operation: "Listing directory", path: error.path, code: error.code)
        }
    }

    /// Relative paths of the files and links under `root`, not descending into linked
    /// directories, sorted; none when `root` is not a directory.
    /// - Throws: `FileOperationError` naming a directory that cannot be listed.
    public static func listFiles(under root: String) throws -> [String] {
        guard FileKind(of: root) == .directory else { return [] }
        var result: [String] = []
        try forEachEntry(under: root) { relative, kind in
            if kind == .file || kind == .symlink { result.append(relative) }
        }
        return result.sorted()
    }

    /// Full paths of the regular files under `root` (links not followed).
    /// - Throws: `FileOperationError` naming a directory that cannot be listed.
    public static func regularFiles(under root: String) throws -> [String] {
        var files: [String] = []
        try forEachEntry(under: root) { relative, kind in
            if kind == .file { files.append(root + "/" + relative) }
        }
        return files
    }
}

/// A file operation that failed: what, where, and the system's reason.
public struct FileOperationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What was done (`Creating directory`, `Moving 'a' to`).
    public var operation: String
    /// The path it failed on.
    public var path: String
    /// Why, in the system's words (`No such file or directory`).
    public var reason: String

    /// An error with its reason given.
    public init(operation: String, path: String, reason: String) {
        self.operation = operation
        self.path = path
        self.reason = reason
    }

    /// An error from a failed system call's `errno`.
    public init(operation: String, path: String, code: Int32) {
        self.init(operation: operation, path: path, reason: SystemErrorText.text(errno: code))
    }

    /// An error from a Foundation file error, told in the system's words.
    public init(operation: String, path: String, error: any Error) {
        self.init(operation: operation, path: path, reason: SystemErrorText.reason(for: error, path: path))
    }

    public var description: String { "\(operation) '\(path)': \(reason)" }
}

import DeployerSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Small file-system helpers used by the readers, the builder and the compiler.
enum FileTree {
    static func isExecutable(_ path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0 else { return false }
        return info.st_mode & 0o100 != 0
    }

    /// Relative paths of every non-directory entry under `root` (files and symlinks), not
    /// descending into symlinked directories, sorted.
    static func listFiles(under root: String) throws -> [String] {
        var result: [String] = []
        guard FileKind(of: root) == .directory else { return [] }
        try forEachEntry(under: root) { relative, kind in
            if kind == .file || kind == .symlink { result.append(relative) }
        }
        return result.sorted()
    }

    /// Visits every entry under `root` (`DirectoryTree.forEachEntry`).
    ///
    /// - Throws: `ReleaseError.io` naming a directory that cannot be listed; what `body` throws.
    static func forEachEntry(under root: String, _ body: (_ relative: String, _ kind: FileKind) throws -> Void) throws {
        do {
            try DirectoryTree.forEachEntry(under: root, body)
        } catch let error as DirectoryTree.ListingError {
            throw ReleaseError.io(
                operation: "Listing directory", path: error.path, reason: String(cString: strerror(error.code)))
        }
    }

    /// A fresh private directory under the system temporary directory.
    static func makeTemporaryDirectory(prefix: String, under parent: String? = nil) throws -> String {
        let base = parent ?? FileManager.default.temporaryDirectory.path
        try createDirectory(base)
        let path = base + "/" + prefix + "-" + UUID().uuidString.lowercased()
        try createDirectory(path)
        return path
    }

    static func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ReleaseError.io(
                operation: "Creating directory", path: path, reason: SystemErrorText.reason(for: error, path: path))
        }
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Copies a regular file, setting the mode to 0755 if the source is executable else 0644
    /// (what bosh-cli does when staging a job or package).
    static func copyNormalizingMode(from source: String, to destination: String, modeFrom: String? = nil) throws {
        try createDirectory((destination as NSString).deletingLastPathComponent)
        remove(destination)
        do {
            try FileManager.default.copyItem(atPath: source, toPath: destination)
        } catch {
            throw ReleaseError.io(
                operation: "Copying file", path: source, reason: SystemErrorText.reason(for: error, path: source))
        }
        let mode: mode_t = isExecutable(modeFrom ?? source) ? 0o755 : 0o644
        guard chmod(destination, mode) == 0 else {
            throw ReleaseError.io(
                operation: "Changing mode", path: destination, reason: String(cString: strerror(errno)))
        }
    }

    static func write(_ text: String, to path: String, mode: mode_t = 0o644) throws {
        try createDirectory((path as NSString).deletingLastPathComponent)
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw ReleaseError.io(operation: "Writing file", path: path, reason: "cannot create file")
        }
        guard chmod(path, mode) == 0 else {
            throw ReleaseError.io(operation: "Changing mode", path: path, reason: String(cString: strerror(errno)))
        }
    }

    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw ReleaseError.missingFile(path: path) }
        return String(decoding: data, as: UTF8.self)
    }
}

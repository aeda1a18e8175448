import DeployerSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Small file-system helpers shared by the installers.
enum FileTree {
    /// - Throws: `LocalAgentError` when `name` is not one safe path component
    ///   (`SafeRelativePath.checkComponent`).
    static func requireSafeComponent(_ name: String, what: String) throws {
        guard SafeRelativePath.isSafeComponent(name) else {
            throw LocalAgentError("\(what) '\(name)' is not a valid file name")
        }
    }

    static func exists(_ path: String) -> Bool { FileKind(of: path) != .missing }

    static func isSymlink(_ path: String) -> Bool { FileKind(of: path) == .symlink }

    static func isDirectory(_ path: String) -> Bool { FileKind(following: path) == .directory }

    /// Points `link` at `target`, replacing an existing link atomically (symlink + rename).
    /// - Throws: `LocalAgentError` naming the link.
    static func replaceSymlink(at link: String, to target: String) throws {
        let temporary = link + ".tmp-\(UUID().uuidString.prefix(8))"
        guard symlink(target, temporary) == 0 else {
            throw LocalAgentError("Linking '\(link)' to '\(target)': \(String(cString: strerror(errno)))")
        }
        guard rename(temporary, link) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw LocalAgentError("Linking '\(link)' to '\(target)': \(reason)")
        }
    }

    /// Removes `path` (file, link or tree) if it exists.
    /// - Throws: `LocalAgentError` naming the path.
    static func remove(_ path: String) throws {
        guard exists(path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw LocalAgentError("Removing '\(path)': \(error.localizedDescription)")
        }
    }

    static func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw LocalAgentError("Creating directory '\(path)': \(error.localizedDescription)")
        }
    }

    /// Renames `source` to `destination`.
    static func move(_ source: String, to destination: String) throws {
        guard rename(source, destination) == 0 else {
            throw LocalAgentError("Moving '\(source)' to '\(destination)': \(String(cString: strerror(errno)))")
        }
    }

    /// Regular files under `root` (not following symbolic links), as full paths.
    /// - Throws: `LocalAgentError` naming a directory that cannot be listed.
    static func regularFiles(under root: String) throws -> [String] {
        var files: [String] = []
        do {
            try DirectoryTree.forEachEntry(under: root) { relative, kind in
                if kind == .file { files.append(root + "/" + relative) }
            }
        } catch {
            throw LocalAgentError("\(error)")
        }
        return files
    }
}

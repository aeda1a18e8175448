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
        do {
            return try PlainFile.read(path)
        } catch {
            let context = error.operation == "open" ? "Opening file \(path)" : "Reading file content \(path)"
            throw ContextError(
                context: context, underlying: FileReadError(operation: error.operation, path: path, code: error.code))
        }
    }

    /// The text of `path` (invalid UTF-8 is replaced rather than rejected, as Go keeps bytes).
    ///
    /// - Throws: as `read(_:)`.
    public static func readText(_ path: String) throws -> String {
        String(decoding: try read(path), as: UTF8.self)
    }

    /// Whether something exists at `path` (bosh-cli: any stat error but "not found" counts as existing).
    public static func exists(_ path: String) -> Bool {
        !FileKind.isAbsent(following: path)
    }

    /// `path` made absolute the way bosh-cli's flags that take a path do it (bosh-utils
    /// `ExpandPath`): a leading `~` is replaced by `home` and whatever follows is kept, so
    /// `~`, `~/x` and even `~x` (there is no `~user` form) all land under `home`; a relative
    /// path is taken from the current directory; the result is cleaned like Go's
    /// `filepath.Clean`.
    ///
    /// - Parameters:
    ///   - path: the path as given.
    ///   - home: `$HOME` (Go's `os.UserHomeDir` reads only that variable).
    /// - Throws: `ContextError` ("Getting current user home dir: $HOME is not defined") when
    ///   `path` starts with `~` and `home` is nil or empty.
    public static func expand(_ path: String, home: String?) throws -> String {
        var expanded = try replacingHome(in: path, home: home)
        if !expanded.hasPrefix("/") {
            expanded = FileManager.default.currentDirectoryPath + "/" + expanded
        }
        return GoPath.clean(expanded)
    }

    /// `path` with only the `~` rule of `expand(_:home:)` applied (relative paths stay relative).
    ///
    /// - Throws: as `expand(_:home:)`.
    public static func replacingHome(in path: String, home: String?) throws -> String {
        guard path.hasPrefix("~") else { return path }
        guard let home, !home.isEmpty else {
            throw ContextError(context: "Getting current user home dir", underlying: HomeNotDefined())
        }
        // Go's filepath.Join: joined and cleaned, so `~/x` is `/home/op/x`, not `/home/op//x`.
        return GoPath.clean(home + "/" + path.dropFirst())
    }
}

/// `$HOME` is unset or empty, so a `~` path has nothing to expand to (Go's `os.UserHomeDir`).
public struct HomeNotDefined: Error, CustomStringConvertible, Sendable, Equatable {
    public init() {}
    public var description: String { "$HOME is not defined" }
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

/// The one check that a relative path or a single path component taken from untrusted input
/// (tarball members, release job and package names, template destinations, agent job, script
/// and package names) stays below the directory it is joined to.
///
/// It is lexical: it sees the text only. Code that writes through what it names (extraction)
/// still refuses to follow symbolic links on disk; it uses this check for the names themselves.
public enum SafeRelativePath {
    /// Why a path or component is refused.
    public enum Rejection: Error, Sendable, Equatable, CustomStringConvertible {
        /// The text is empty.
        case empty
        /// The text contains a NUL byte, which C APIs would silently truncate at.
        case nulByte
        /// The path starts with `/`.
        case absolute
        /// A component is `..`.
        case parentTraversal
        /// A single component contains `/`.
        case separator
        /// A single component is `.`, which names the directory itself.
        case currentDirectory

        public var description: String {
            switch self {
            case .empty: "it is empty"
            case .nulByte: "it contains a NUL byte"
            case .absolute: "it is absolute"
            case .parentTraversal: "it has a '..' component"
            case .separator: "it contains '/'"
            case .currentDirectory: "it is '.'"
            }
        }
    }

    /// The components of relative path `path`, `.` and empty components dropped (`[]` for
    /// `./`).
    ///
    /// - Throws: `Rejection.empty`, `.nulByte`, `.absolute` or `.parentTraversal`.
    public static func components(of path: String) throws(Rejection) -> [String] {
        if path.isEmpty { throw .empty }
        if path.utf8.contains(0) { throw .nulByte }
        if path.hasPrefix("/") { throw .absolute }
        var parts: [String] = []
        for piece in path.split(separator: "/", omittingEmptySubsequences: true) where piece != "." {
            if piece == ".." { throw .parentTraversal }
            parts.append(String(piece))
        }
        return parts
    }

    /// Checks that `name` is exactly one component naming an entry inside a directory.
    ///
    /// - Throws: `Rejection.empty`, `.nulByte`, `.separator`, `.currentDirectory` or
    ///   `.parentTraversal`.
    public static func checkComponent(_ name: String) throws(Rejection) {
        if name.isEmpty { throw .empty }
        if name.utf8.contains(0) { throw .nulByte }
        if name.contains("/") { throw .separator }
        if name == "." { throw .currentDirectory }
        if name == ".." { throw .parentTraversal }
    }

    /// Why relative path `path` is refused, or nil when it is safe.
    public static func rejection(of path: String) -> Rejection? {
        do {
            _ = try components(of: path)
            return nil
        } catch {
            return error
        }
    }

    /// Whether `path` is a safe relative path (see `components(of:)`).
    public static func isSafe(_ path: String) -> Bool { rejection(of: path) == nil }

    /// Whether `name` is one safe path component (see `checkComponent(_:)`).
    public static func isSafeComponent(_ name: String) -> Bool {
        do {
            try checkComponent(name)
            return true
        } catch {
            return false
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// The one walk over a directory tree that archiving, release reading, package stamps and the
/// local agent share: depth first, names sorted within each directory, a directory before
/// what it holds, symbolic links reported but never entered (so a walk cannot leave the tree).
public enum DirectoryTree {
    /// A directory below the root (or the root itself) that could not be listed.
    public struct ListingError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The directory's path relative to the root (`""` for the root).
        public let relativePath: String
        /// The directory's full path.
        public let path: String
        /// The `errno` of `opendir`.
        public let code: Int32

        public var description: String {
            "Listing directory '\(path)': \(String(cString: strerror(code)))"
        }
    }

    /// Visits every entry under `root`.
    ///
    /// - Parameters:
    ///   - root: the directory to walk; it is not visited itself.
    ///   - body: called with each entry's path relative to `root` and its `lstat` kind.
    /// - Throws: `ListingError` for a directory that cannot be listed; what `body` throws.
    public static func forEachEntry(
        under root: String, _ body: (_ relative: String, _ kind: FileKind) throws -> Void
    ) throws {
        func walk(_ relative: String) throws {
            for name in try names(in: root, relative: relative) {
                let child = relative.isEmpty ? name : relative + "/" + name
                let kind = FileKind(of: root + "/" + child)
                try body(child, kind)
                if kind == .directory { try walk(child) }
            }
        }
        try walk("")
    }

    /// The names in directory `relative` below `root`, without `.` and `..`, sorted.
    private static func names(in root: String, relative: String) throws(ListingError) -> [String] {
        let path = relative.isEmpty ? root : root + "/" + relative
        guard let handle = opendir(path) else {
            throw ListingError(relativePath: relative, path: path, code: errno)
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let item = readdir(handle) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

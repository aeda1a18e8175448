internal import CLibArchive  // owns `struct stat` for this module (libarchive's header includes it)

#if canImport(Glibc)
import Glibc
#endif

/// What a path names on disk: the one `stat` classification the file-tree helpers of the
/// release compiler, the local agent and extraction share, so that whether a symbolic link
/// is followed is decided by choosing an initializer, never by repeating `st_mode` tests.
public enum FileKind: Sendable, Equatable {
    case file, directory, symlink, other, missing

    /// The kind of `path` itself, a symbolic link not followed (`lstat`).
    public init(of path: String) {
        var info = stat()
        self = lstat(path, &info) == 0 ? Self(mode: info.st_mode) : .missing
    }

    /// The kind of what `path` resolves to, symbolic links followed (`stat`); never `.symlink`.
    public init(following path: String) {
        var info = stat()
        self = stat(path, &info) == 0 ? Self(mode: info.st_mode) : .missing
    }

    private init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .file
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symlink
        default: self = .other
        }
    }
}

// Every `stat` of this module stays in this file: in an optimized build the name `stat` resolves
// through the module that imports it here (see the first line), and a file without that import
// fails MemberImportVisibility there although the debug build accepts it.
extension FileTree {
    /// Whether the owner may execute `path` (not following links).
    public static func isExecutable(_ path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0 else { return false }
        return info.st_mode & 0o100 != 0
    }
}

extension FileKind {
    /// Whether `stat` of `path` (links followed) fails with "no such file or directory": bosh-cli
    /// takes any other failure (a permission denied on the way) as something being there.
    public static func isAbsent(following path: String) -> Bool {
        var info = stat()
        return stat(path, &info) != 0 && errno == ENOENT
    }
}

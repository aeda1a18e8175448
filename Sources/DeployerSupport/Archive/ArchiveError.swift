/// A tarball that could not be read, written or safely extracted.
///
/// Every error names the tarball and, when one is involved, the entry (member path as stored
/// in the archive), so an operator can find the culprit with `tar -tvf`.
public struct ArchiveError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong.
    public enum Reason: Sendable, Equatable {
        /// The tarball (or a file being added to one) could not be opened or read (`errno`).
        case unreadable(code: Int32)
        /// libarchive rejected the data (not a tar, corrupt gzip, truncated...).
        case malformed(String)
        /// The entry name is absolute (`/etc/passwd`).
        case absolutePath
        /// The entry name has a `..` component.
        case parentTraversal
        /// The entry name is empty, not UTF-8, or contains a NUL.
        case invalidName
        /// A symbolic link whose target is absolute or resolves outside the destination.
        case symlinkEscapes(target: String)
        /// A hard link whose target is absolute, has `..`, or is not an extracted file.
        case hardLinkEscapes(target: String)
        /// The entry would be written through a symbolic link (`component` is the link).
        case throughSymlink(component: String)
        /// Device nodes, FIFOs and sockets are never extracted.
        case unsupportedType(String)
        /// The declared size is above the configured limit.
        case entryTooLarge(declared: Int64, limit: Int64)
        /// The sum of declared sizes is above the configured limit.
        case totalTooLarge(limit: Int64)
        /// The member read into memory is larger than the caller's cap.
        case memberTooLarge(limit: Int)
        /// No member with the requested name.
        case memberNotFound
        /// Creating or writing a file failed.
        case writeFailed(path: String, message: String)
        /// The destination exists and is not a directory.
        case destinationNotDirectory(String)
        /// An entry stream was used after its iteration step ended.
        case entryStreamExpired
    }

    /// The tarball being read or written.
    public let tarball: String
    /// The entry involved, if any.
    public let entry: String?
    /// What went wrong.
    public let reason: Reason

    /// Creates an error for `tarball` and optionally `entry`.
    public init(tarball: String, entry: String? = nil, reason: Reason) {
        self.tarball = tarball
        self.entry = entry
        self.reason = reason
    }

    public var description: String {
        var text = "Tarball '\(tarball)'"
        if let entry { text += ", entry '\(entry)'" }
        return text + ": " + reasonText
    }

    private var reasonText: String {
        switch reason {
        case .unreadable(let code): "cannot read: \(String(cString: strerror(code)))"
        case .malformed(let message): "not a readable tar archive: \(message)"
        case .absolutePath: "refusing an absolute path"
        case .parentTraversal: "refusing a path with a '..' component"
        case .invalidName: "refusing an empty or non-UTF-8 name"
        case .symlinkEscapes(let target): "refusing a symbolic link to '\(target)', which leaves the destination"
        case .hardLinkEscapes(let target):
            "refusing a hard link to '\(target)', which is not a file extracted from the tarball"
        case .throughSymlink(let component): "refusing to write through the symbolic link '\(component)'"
        case .unsupportedType(let kind): "refusing to extract a \(kind)"
        case .entryTooLarge(let declared, let limit):
            "declared size \(declared) bytes exceeds the limit of \(limit) bytes"
        case .totalTooLarge(let limit): "total declared size exceeds the limit of \(limit) bytes"
        case .memberTooLarge(let limit): "member is larger than the limit of \(limit) bytes"
        case .memberNotFound: "no such member"
        case .writeFailed(let path, let message): "writing '\(path)' failed: \(message)"
        case .destinationNotDirectory(let path): "destination '\(path)' is not a directory"
        case .entryStreamExpired: "entry content read after iteration moved on"
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

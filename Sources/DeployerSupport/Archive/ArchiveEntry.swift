import Foundation

/// One member of a tarball, as described by its header.
public struct ArchiveEntry: Hashable, Sendable {
    /// The type of a member.
    public enum Kind: String, Hashable, Sendable {
        case file = "regular file"
        case directory
        case symlink = "symbolic link"
        case hardLink = "hard link"
        case characterDevice = "character device"
        case blockDevice = "block device"
        case fifo = "FIFO"
        case socket
        case unknown = "entry of unknown type"
    }

    /// The member name exactly as stored (may start with `./`).
    public let path: String
    /// The member type.
    public let kind: Kind
    /// The declared size of the content in bytes (0 for links and directories).
    public let size: Int64
    /// Permission bits (`0o755`...), without the file-type bits.
    public let permissions: UInt32
    /// Target of a symbolic or hard link.
    public let linkTarget: String?
    /// Modification time from the header.
    public let modificationDate: Date

    /// Creates an entry description (used by readers and by fakes in tests).
    public init(
        path: String, kind: Kind, size: Int64, permissions: UInt32, linkTarget: String? = nil,
        modificationDate: Date = Date(timeIntervalSince1970: 0)
    ) {
        self.path = path
        self.kind = kind
        self.size = size
        self.permissions = permissions
        self.linkTarget = linkTarget
        self.modificationDate = modificationDate
    }

    /// The name without leading `./` and trailing `/`, so `./release.MF` and `release.MF`
    /// compare equal (bosh-cli writes both forms).
    public var normalizedPath: String { Self.normalize(path) }

    /// Drops leading `./` (repeated) and trailing `/` from a member name.
    public static func normalize(_ name: String) -> String {
        var text = Substring(name)
        while text.hasPrefix("./") { text = text.dropFirst(2) }
        while text.hasSuffix("/") { text = text.dropLast() }
        return text == "." ? "" : String(text)
    }
}

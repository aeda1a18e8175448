import DeployerSupport

/// A file that `HTTPDownloader` put in place.
public struct DownloadedFile: Sendable, Hashable {
    /// Where the content now is (the requested destination).
    public var path: String
    /// The digest computed while the bytes streamed in.
    public var digest: Digest
    /// Size in bytes.
    public var size: Int64

    /// Creates a value from its fields.
    public init(path: String, digest: Digest, size: Int64) {
        self.path = path
        self.digest = digest
        self.size = size
    }
}

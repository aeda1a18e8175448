import DeployerSupport

/// A tarball ready to read: a local file with its digests, checked against the manifest.
public struct ResolvedArtifact: Sendable, Hashable {
    /// Where it came from.
    public enum Origin: String, Sendable, Hashable {
        /// A local path or `file://` URL, used in place.
        case local
        /// Found in the downloads cache (re-verified).
        case cache
        /// Downloaded during this run and stored in the cache.
        case downloaded
    }

    /// The release name, or the resource pool's name for a stemcell.
    public var name: String
    /// Release or stemcell.
    public var kind: ArtifactKind
    /// The file to read.
    public var localPath: String
    /// Always `sha1;sha256:` of the content (plus `sha512:` when the manifest uses it), so
    /// callers can compare with any recorded digest whatever form the manifest used.
    public var digest: MultiDigest
    /// Size in bytes.
    public var size: Int64
    /// Local, cache hit or fresh download.
    public var origin: Origin

    /// Creates a value from its fields.
    public init(name: String, kind: ArtifactKind, localPath: String, digest: MultiDigest, size: Int64, origin: Origin) {
        self.name = name
        self.kind = kind
        self.localPath = localPath
        self.digest = digest
        self.size = size
        self.origin = origin
    }
}

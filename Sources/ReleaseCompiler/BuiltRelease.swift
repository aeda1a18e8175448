/// The result of `ReleaseBuilder.createRelease`.
public struct BuiltRelease: Sendable, Equatable {
    /// The `release.MF` written into the tarball.
    public var manifest: ReleaseManifest
    /// Path of the release tarball.
    public var tarball: String
    /// Digest string (`sha256:<hex>`) of the tarball, for a manifest's `releases[].sha1`.
    public var sha1: String

    /// Creates a value from its parts.
    public init(manifest: ReleaseManifest, tarball: String, sha1: String) {
        self.manifest = manifest
        self.tarball = tarball
        self.sha1 = sha1
    }
}

/// The `releases` of a create-env manifest, as bosh-cli's release set parser reads them.
public struct ReleaseSetManifest: Sendable, Hashable {
    /// The releases in manifest order.
    public var releases: [ReleaseRef]

    /// Creates a value from its fields.
    public init(releases: [ReleaseRef] = []) {
        self.releases = releases
    }

    /// The first release called `name`, like bosh-cli's `FindByName`.
    public func release(named name: String) -> ReleaseRef? {
        releases.first { $0.name == name }
    }
}

/// One `releases[]` entry. `version` is ignored by create-env (the tarball's own
/// `release.MF` decides), so it is not kept.
public struct ReleaseRef: Sendable, Hashable {
    /// The release name that jobs and `cloud_provider` refer to.
    public var name: String
    /// The URL after resolution against the manifest's directory (see `ArtifactURL.resolve`).
    public var url: String
    /// The expected digest of a downloaded tarball; bosh multi-digest syntax is allowed.
    public var sha1: String

    /// Creates a value from its fields.
    public init(name: String, url: String, sha1: String = "") {
        self.name = name
        self.url = url
        self.sha1 = sha1
    }

    /// Where the tarball comes from.
    public var source: ArtifactSource { ArtifactSource(url: url) }
}

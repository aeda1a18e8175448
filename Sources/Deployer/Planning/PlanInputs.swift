/// What the planner needs beyond the manifest and the state: the identities of the artifacts
/// this run would deploy, the interpolated manifest's SHA, and the recreate flags.
///
/// All of it is known before the CPI is installed: names and versions come from the
/// tarballs' `release.MF` / `stemcell.MF` (read without extracting the rest).
public struct PlanInputs: Sendable, Hashable {
    /// SHA-512 hex of the interpolated manifest (`current_manifest_sha` in the state).
    public var manifestSHA: String
    /// The stemcell of the instance group's resource pool.
    public var stemcell: ArtifactVersion
    /// Every `releases[]` entry of the manifest, in manifest order.
    public var releases: [ArtifactVersion]
    /// `--recreate`: recreate the VM even when nothing changed.
    public var recreate: Bool
    /// `--recreate-persistent-disks`: migrate the persistent disk even when it is unchanged.
    public var recreatePersistentDisks: Bool

    /// Creates inputs.
    public init(
        manifestSHA: String, stemcell: ArtifactVersion, releases: [ArtifactVersion],
        recreate: Bool = false, recreatePersistentDisks: Bool = false
    ) {
        self.manifestSHA = manifestSHA
        self.stemcell = stemcell
        self.releases = releases
        self.recreate = recreate
        self.recreatePersistentDisks = recreatePersistentDisks
    }
}

/// A release or stemcell as this run would deploy it.
public struct ArtifactVersion: Sendable, Hashable, CustomStringConvertible {
    /// Name from the tarball's manifest.
    public var name: String
    /// Version from the tarball's manifest.
    public var version: String
    /// Digest of the tarball (bosh multi-digest string), `""` when unknown. The state file
    /// records only names and versions, so the no-change rule cannot use it (bosh-cli does
    /// not either); it is carried for messages and for a future state key of ours.
    public var digest: String

    /// Creates a value.
    public init(name: String, version: String, digest: String = "") {
        self.name = name
        self.version = version
        self.digest = digest
    }

    /// `name/version`, as bosh-cli shows it.
    public var description: String { "\(name)/\(version)" }
}

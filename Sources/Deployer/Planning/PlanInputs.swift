/// What the planner needs beyond the manifest and the state: the identities of the artifacts
/// this run would deploy, the interpolated manifest's SHA, and the recreate flags.
///
/// All of it is known before the CPI is installed: names and versions come from the
/// tarballs' `release.MF` / `stemcell.MF` (read without extracting the rest).
public struct PlanInputs: Sendable, Hashable {
    /// SHA-512 hex of the interpolated manifest (`current_manifest_sha` in the state).
    public var manifestSHA: String
    /// Keyed digests of the interpolated manifest's leaves, compared with the state's to name
    /// the changed paths; nil when this machine has no fingerprint key (`plan` makes none).
    public var manifestFingerprint: ManifestFingerprint?
    /// The stemcell of the instance group's resource pool.
    public var stemcell: ArtifactVersion
    /// Every `releases[]` entry of the manifest, in manifest order.
    public var releases: [ArtifactVersion]
    /// The names of the releases `cloud_provider.templates` installs the CPI from.
    public var cpiReleases: Set<String>
    /// `--recreate`: recreate the VM even when nothing changed.
    public var recreate: Bool
    /// `--recreate-persistent-disks`: migrate the persistent disk even when it is unchanged.
    public var recreatePersistentDisks: Bool
    /// What the cloud (and agent) said about the recorded resources; nil when not asked.
    public var observed: ObservedResources?

    /// Creates inputs.
    public init(
        manifestSHA: String, manifestFingerprint: ManifestFingerprint? = nil, stemcell: ArtifactVersion,
        releases: [ArtifactVersion], cpiReleases: Set<String> = [], recreate: Bool = false,
        recreatePersistentDisks: Bool = false, observed: ObservedResources? = nil
    ) {
        self.manifestSHA = manifestSHA
        self.manifestFingerprint = manifestFingerprint
        self.stemcell = stemcell
        self.releases = releases
        self.cpiReleases = cpiReleases
        self.recreate = recreate
        self.recreatePersistentDisks = recreatePersistentDisks
        self.observed = observed
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

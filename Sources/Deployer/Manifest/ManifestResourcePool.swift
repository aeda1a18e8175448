import GoYAML
import Interpolation

/// A `resource_pools[]` entry: the VM's stemcell, cloud properties and agent env.
public struct ManifestResourcePool: Sendable, Hashable {
    /// The name jobs refer to in `resource_pool`.
    public var name: String
    /// Must name a network (otherwise unused).
    public var network: String
    /// Sent as `cloud_properties` of CPI `create_vm`.
    public var cloudProperties: YAMLMap
    /// Sent as `env` of CPI `create_vm` (ends up in the agent settings).
    public var env: YAMLMap
    /// The stemcell tarball the VM boots from.
    public var stemcell: StemcellRef

    /// Creates a value from its fields.
    public init(
        name: String, network: String, cloudProperties: YAMLMap = YAMLMap(), env: YAMLMap = YAMLMap(),
        stemcell: StemcellRef
    ) {
        self.name = name
        self.network = network
        self.cloudProperties = cloudProperties
        self.env = env
        self.stemcell = stemcell
    }
}

/// `resource_pools[].stemcell`.
public struct StemcellRef: Sendable, Hashable {
    /// The URL after resolution against the manifest's directory (see `ArtifactURL.resolve`).
    public var url: String
    /// Expected digest for http(s) downloads (multi-digest syntax allowed).
    public var sha1: String

    /// Creates a value from its fields.
    public init(url: String, sha1: String = "") {
        self.url = url
        self.sha1 = sha1
    }

    /// Where the tarball comes from.
    public var source: ArtifactSource { ArtifactSource(url: url) }
}

import GoYAML
import Interpolation

/// A `jobs[]` / `instance_groups[]` entry: the single instance group create-env deploys.
public struct ManifestJob: Sendable, Hashable {
    /// The name.
    public var name: String
    /// Must be exactly 1 at deploy time.
    public var instances: Int
    /// Empty or `service`.
    public var lifecycle: String
    /// `templates` (v1) or `jobs` (v2 spelling): the release jobs to run.
    public var templates: [ReleaseJobRef]
    /// The networks the VM joins.
    public var networks: [ManifestJobNetwork]
    /// Size in MiB of a disk without a pool; 0 means none.
    public var persistentDisk: Int
    /// Name of a disk pool; wins over `persistentDisk`. Empty when not set.
    public var persistentDiskPool: String
    /// Name of the resource pool (VM type and stemcell); required.
    public var resourcePool: String
    /// Instance-group ("cluster") properties.
    public var properties: YAMLMap

    /// Creates a value from its fields.
    public init(
        name: String, instances: Int = 0, lifecycle: String = "", templates: [ReleaseJobRef] = [],
        networks: [ManifestJobNetwork] = [], persistentDisk: Int = 0, persistentDiskPool: String = "",
        resourcePool: String = "", properties: YAMLMap = YAMLMap()
    ) {
        self.name = name
        self.instances = instances
        self.lifecycle = lifecycle
        self.templates = templates
        self.networks = networks
        self.persistentDisk = persistentDisk
        self.persistentDiskPool = persistentDiskPool
        self.resourcePool = resourcePool
        self.properties = properties
    }
}

/// `jobs[].networks[]`: which network the VM joins, its static IPs and defaults.
public struct ManifestJobNetwork: Sendable, Hashable {
    /// The name.
    public var name: String
    /// Only the first is used.
    public var staticIPs: [String]
    /// `dns` and/or `gateway`; nil when the key is absent.
    public var defaults: [String]?

    /// Creates a value from its fields.
    public init(name: String, staticIPs: [String] = [], defaults: [String]? = nil) {
        self.name = name
        self.staticIPs = staticIPs
        self.defaults = defaults
    }
}

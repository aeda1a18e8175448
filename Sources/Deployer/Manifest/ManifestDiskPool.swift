import GoYAML
import Interpolation

/// A `disk_pools[]` entry.
public struct ManifestDiskPool: Sendable, Hashable {
    /// The name jobs refer to in `persistent_disk_pool`.
    public var name: String
    /// Size in MiB; must be > 0.
    public var diskSize: Int
    /// Sent as `cloud_properties` of CPI `create_disk`.
    public var cloudProperties: YAMLMap

    /// Creates a value from its fields.
    public init(name: String, diskSize: Int, cloudProperties: YAMLMap = YAMLMap()) {
        self.name = name
        self.diskSize = diskSize
        self.cloudProperties = cloudProperties
    }
}

import GoYAML
import Interpolation

/// The persistent disk a job asks for: size and cloud properties for CPI `create_disk`.
public struct PersistentDiskRequest: Sendable, Hashable {
    /// Size in MiB.
    public var size: Int
    /// Sent as `cloud_properties` of CPI `create_disk`.
    public var cloudProperties: YAMLMap
    /// The disk pool it comes from; nil for a plain `persistent_disk`.
    public var poolName: String?

    /// Creates a value from its fields.
    public init(size: Int, cloudProperties: YAMLMap = YAMLMap(), poolName: String? = nil) {
        self.size = size
        self.cloudProperties = cloudProperties
        self.poolName = poolName
    }
}

extension DeploymentSpec {
    /// The persistent disk of `job`: its `persistent_disk_pool` if set, else a
    /// `persistent_disk` larger than 0 with empty cloud properties, else none.
    /// - Throws: `ManifestError.unknownDiskPool` when the pool is not defined.
    public func persistentDisk(for job: ManifestJob) throws(ManifestError) -> PersistentDiskRequest? {
        if !job.persistentDiskPool.isEmpty {
            guard let pool = diskPool(named: job.persistentDiskPool) else {
                throw .unknownDiskPool(job: job.name, pool: job.persistentDiskPool)
            }
            return PersistentDiskRequest(
                size: pool.diskSize, cloudProperties: pool.cloudProperties, poolName: pool.name)
        }
        if job.persistentDisk > 0 { return PersistentDiskRequest(size: job.persistentDisk) }
        return nil
    }
}

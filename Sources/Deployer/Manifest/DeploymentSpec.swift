import GoYAML
import Interpolation

/// The deployment part of a create-env manifest (`name`, `update`, `networks`,
/// `resource_pools`, `disk_pools`, `jobs`/`instance_groups`, `properties`, `tags`).
/// Other keys (`stemcells`, `vm_types`, `azs`, `variables`, ...) are ignored, as in bosh-cli.
public struct DeploymentSpec: Sendable, Hashable {
    /// The deployment name; templates see it as `spec.deployment`.
    public var name: String
    /// `update`; only the watch time matters.
    public var update: UpdateSpec
    /// `networks`.
    public var networks: [ManifestNetwork]
    /// `resource_pools`: the VM definitions.
    public var resourcePools: [ManifestResourcePool]
    /// `disk_pools`: persistent disk definitions.
    public var diskPools: [ManifestDiskPool]
    /// `jobs` or `instance_groups`; create-env deploys exactly one.
    public var jobs: [ManifestJob]
    /// Whether the manifest used the v2 spelling (`instance_groups` with `jobs`).
    public var usesInstanceGroups: Bool
    /// Top-level (global) properties.
    public var properties: YAMLMap
    /// VM and disk metadata, also copied to `env.bosh.tags`.
    public var tags: [String: String]

    /// Creates a value from its fields.
    public init(
        name: String = "", update: UpdateSpec = UpdateSpec(), networks: [ManifestNetwork] = [],
        resourcePools: [ManifestResourcePool] = [], diskPools: [ManifestDiskPool] = [],
        jobs: [ManifestJob] = [], usesInstanceGroups: Bool = false, properties: YAMLMap = YAMLMap(),
        tags: [String: String] = [:]
    ) {
        self.name = name
        self.update = update
        self.networks = networks
        self.resourcePools = resourcePools
        self.diskPools = diskPools
        self.jobs = jobs
        self.usesInstanceGroups = usesInstanceGroups
        self.properties = properties
        self.tags = tags
    }

    /// The first network called `name`.
    public func network(named name: String) -> ManifestNetwork? { networks.first { $0.name == name } }
    /// The first resource pool called `name`.
    public func resourcePool(named name: String) -> ManifestResourcePool? { resourcePools.first { $0.name == name } }
    /// The first disk pool called `name`.
    public func diskPool(named name: String) -> ManifestDiskPool? { diskPools.first { $0.name == name } }
    /// The first job called `name`.
    public func job(named name: String) -> ManifestJob? { jobs.first { $0.name == name } }

    /// The job create-env deploys: the only one, which must have exactly one instance.
    /// - Throws: `ManifestError.jobCount` or `.instanceCount`, with bosh-cli's deploy-time texts.
    public func deployableJob() throws(ManifestError) -> ManifestJob {
        guard jobs.count == 1, let job = jobs.first else { throw .jobCount(jobs.count) }
        guard job.instances == 1 else { throw .instanceCount(job: job.name, count: job.instances) }
        return job
    }

    /// The resource pool of `job` (its stemcell, cloud properties and env).
    /// - Throws: `ManifestError.unknownResourcePool` when the pool is not defined.
    public func resourcePool(for job: ManifestJob) throws(ManifestError) -> ManifestResourcePool {
        guard let pool = resourcePool(named: job.resourcePool) else {
            throw .unknownResourcePool(job: job.name, pool: job.resourcePool)
        }
        return pool
    }
}

/// `update`: only `update_watch_time` is read by create-env.
public struct UpdateSpec: Sendable, Hashable {
    /// How long to wait for the job to be running after start; default `0-300000` ms.
    public var updateWatchTime: WatchTime

    /// Creates a value from its fields.
    public init(updateWatchTime: WatchTime = .default) {
        self.updateWatchTime = updateWatchTime
    }
}

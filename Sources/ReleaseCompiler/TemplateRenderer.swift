import DeployerSupport
/// What a template is rendered with: bosh-cli's `erb-context.json` (spec release.md §8.5,
/// manifest.md §5).
public struct RenderContext: Sendable, Equatable {
    /// Manifest top-level `name`.
    public var deployment: String
    /// Instance IP; nil for the CPI installation (bosh-cli omits it).
    public var address: String?
    /// Instance index (always 0 in create-env).
    public var index: Int
    /// nil: a fresh UUID for every template file, as bosh-cli does.
    public var id: String?
    /// Availability zone (`unknown` in create-env).
    public var az: String
    /// Whether this is the bootstrap instance (always true in create-env).
    public var bootstrap: Bool
    /// Manifest top-level `properties` (`{}` for the CPI).
    public var globalProperties: PropertyValue
    /// Instance group properties, or `cloud_provider.properties` for the CPI.
    public var clusterProperties: PropertyValue
    /// The job's own `properties` inside the instance group; when set they are used alone.
    public var jobProperties: PropertyValue?
    /// `spec.name`: the Director sets it (instance group name); bosh-cli does not, so
    /// templates see nil. Nil by default for parity with bosh-cli.
    public var instanceName: String?
    /// `spec.ip`: like `instanceName`, set by the Director only; nil by default.
    public var ip: String?

    /// Creates a context; the defaults are bosh-cli's create-env values.
    public init(
        deployment: String, address: String? = nil, index: Int = 0, id: String? = nil, az: String = "unknown",
        bootstrap: Bool = true, globalProperties: PropertyValue = .object([:]),
        clusterProperties: PropertyValue = .object([:]), jobProperties: PropertyValue? = nil,
        instanceName: String? = nil, ip: String? = nil
    ) {
        self.deployment = deployment
        self.address = address
        self.index = index
        self.id = id
        self.az = az
        self.bootstrap = bootstrap
        self.globalProperties = globalProperties
        self.clusterProperties = clusterProperties
        self.jobProperties = jobProperties
        self.instanceName = instanceName
        self.ip = ip
    }

    /// The context JSON object for `job`, with its spec's defaults flattened.
    func json(for job: JobManifest) -> PropertyValue {
        var map: [String: PropertyValue] = [
            "index": .int(index),
            "az": .string(az),
            "bootstrap": .bool(bootstrap),
            "job": .object(["name": .string(job.name)]),
            "deployment": .string(deployment),
            "networks": .object(["default": .object(["ip": .string(""), "netmask": .string(""), "gateway": .string("")])]),
            "global_properties": globalProperties,
            "cluster_properties": clusterProperties,
            "job_properties": jobProperties ?? .null,
            "default_properties": .object(job.properties.mapValues { $0.defaultValue ?? .null }),
        ]
        if let id { map["id"] = .string(id) }
        if let address { map["address"] = .string(address) }
        if let instanceName { map["name"] = .string(instanceName) }
        if let ip { map["ip"] = .string(ip) }
        return .object(map)
    }
}

/// A job whose tarball has been extracted: `job.MF`, `monit`, `templates/`.
public struct ExtractedJob: Sendable, Equatable {
    /// The job's `job.MF`.
    public var manifest: JobManifest
    /// The release.MF fingerprint (the job's `version` in the apply spec).
    public var fingerprint: String
    /// Directory holding `job.MF`, `monit` and `templates/`.
    public var directory: String

    /// Creates a value from its parts.
    public init(manifest: JobManifest, fingerprint: String, directory: String) {
        self.manifest = manifest
        self.fingerprint = fingerprint
        self.directory = directory
    }

    /// The release (or job) name.
    public var name: String { manifest.name }
}

/// A rendered job: the files at their destinations plus `monit`.
public struct RenderedJob: Sendable, Equatable {
    /// The name.
    public var name: String
    /// The release job's fingerprint.
    public var fingerprint: String
    /// Directory with `bin/...`, `config/...`, `monit`.
    public var directory: String

    /// Creates a value from its parts.
    public init(name: String, fingerprint: String, directory: String) {
        self.name = name
        self.fingerprint = fingerprint
        self.directory = directory
    }
}

/// Renders a job's templates.
public protocol TemplateRenderer: Sendable {
    /// Renders every template of `job` and its `monit` into `directory` (created if needed).
    ///
    /// - Throws: `ReleaseError.renderFailed` naming the job, template and line.
    func render(job: ExtractedJob, context: RenderContext, into directory: String) async throws -> RenderedJob
}

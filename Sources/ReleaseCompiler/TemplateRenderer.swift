import DeployerSupport

/// What a template is rendered with: the values of bosh-cli's `erb-context.json` (spec
/// release.md §8.5, manifest.md §5). `jsonText(for:id:)` writes it the way bosh-cli does.
public struct RenderContext: Sendable, Equatable {
    /// Manifest top-level `name`.
    public var deployment: String
    /// Instance IP; nil (or empty) for the CPI installation, where bosh-cli omits the key.
    public var address: String?
    /// Instance index (always 0 in create-env).
    public var index: Int
    /// nil: a fresh UUID for every template file, as bosh-cli does; set only to make a test's
    /// output fixed.
    public var id: String?
    /// Availability zone (`unknown` in create-env).
    public var az: String
    /// Whether this is the bootstrap instance (always true in create-env).
    public var bootstrap: Bool
    /// Manifest top-level `properties` (`{}` for the CPI).
    public var globalProperties: PropertyValue
    /// Instance group properties, or `cloud_provider.properties` for the CPI. `.null` is
    /// what bosh-cli passes for an instance group without `properties`.
    public var clusterProperties: PropertyValue
    /// The job's own `properties` inside the instance group; when set they are used alone.
    public var jobProperties: PropertyValue?

    /// Creates a context; the defaults are bosh-cli's create-env values.
    public init(
        deployment: String, address: String? = nil, index: Int = 0, id: String? = nil, az: String = "unknown",
        bootstrap: Bool = true, globalProperties: PropertyValue = .object([:]),
        clusterProperties: PropertyValue = .object([:]), jobProperties: PropertyValue? = nil
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

    /// What, besides the job and its context, decides this renderer's output (its program and
    /// interpreter), so an earlier render of the same inputs can be kept; nil when renders
    /// must never be reused.
    var reuseIdentity: String? { get }
}

extension TemplateRenderer {
    /// Renders are not reused unless a renderer says what decides its output.
    public var reuseIdentity: String? { nil }
}

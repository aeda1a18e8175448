import DeployerSupport

/// The argument of `apply`: exactly the keys bosh-cli sends (spec agent.md §9), in its order.
///
/// bosh-cli does not send `properties`, `resource_pool`, `persistent_disk` or the job's
/// `release`/`template`/`version`; the agent defaults them.
public struct ApplySpec: Codable, Sendable, Hashable {
    /// The manifest `name`.
    public var deployment: String
    /// The instance group (job) name.
    public var name: String
    /// Always `0` for create-env.
    public var index: Int
    /// The decimal of `index`: `"0"`.
    public var id: String
    /// `"unknown"` for create-env.
    public var az: String
    /// Compiled packages by name; `{}` in the initial spec.
    public var packages: [String: PackageReference]
    /// Networks by name.
    public var networks: [String: NetworkSpec]
    /// The job and its release jobs (`templates`).
    public var job: JobSpec
    /// Both fields `""` in the initial spec (the agent then treats it as absent).
    public var renderedTemplatesArchive: BlobReference
    /// Must be non-empty or the agent skips installing; bosh-cli sends a fixed literal.
    public var configurationHash: String

    /// The literal bosh-cli sends as `configuration_hash`.
    public static let unusedConfigurationHash = "unused-configuration-hash"

    /// Creates a spec with bosh-cli's create-env values as defaults.
    public init(
        deployment: String, name: String, index: Int = 0, id: String? = nil, az: String = "unknown",
        packages: [String: PackageReference] = [:], networks: [String: NetworkSpec],
        job: JobSpec, renderedTemplatesArchive: BlobReference = BlobReference(blobstoreID: "", sha1: ""),
        configurationHash: String = ApplySpec.unusedConfigurationHash
    ) {
        self.deployment = deployment
        self.name = name
        self.index = index
        self.id = id ?? String(index)
        self.az = az
        self.packages = packages
        self.networks = networks
        self.job = job
        self.renderedTemplatesArchive = renderedTemplatesArchive
        self.configurationHash = configurationHash
    }

    enum CodingKeys: String, CodingKey {
        case deployment, name, index, id, az, packages, networks, job
        case renderedTemplatesArchive = "rendered_templates_archive"
        case configurationHash = "configuration_hash"
    }

    public init(from decoder: any Decoder) throws {
        // Lenient like the agent: every key may be missing.
        let container = try decoder.container(keyedBy: CodingKeys.self)
        deployment = try container.decodeIfPresent(String.self, forKey: .deployment) ?? ""
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        index = try container.decodeIfPresent(Int.self, forKey: .index) ?? 0
        id = try container.decodeIfPresent(String.self, forKey: .id) ?? ""
        az = try container.decodeIfPresent(String.self, forKey: .az) ?? ""
        packages = try container.decodeIfPresent([String: PackageReference].self, forKey: .packages) ?? [:]
        networks = try container.decodeIfPresent([String: NetworkSpec].self, forKey: .networks) ?? [:]
        job = try container.decodeIfPresent(JobSpec.self, forKey: .job) ?? JobSpec(name: "")
        renderedTemplatesArchive =
            try container.decodeIfPresent(BlobReference.self, forKey: .renderedTemplatesArchive)
            ?? BlobReference(blobstoreID: "", sha1: "")
        configurationHash = try container.decodeIfPresent(String.self, forKey: .configurationHash) ?? ""
    }
}

/// The apply spec's `job`: `{"name", "templates": [...]}`.
public struct JobSpec: Codable, Sendable, Hashable {
    /// The instance group name.
    public var name: String
    /// One entry per release job: `name`, `version` = job fingerprint, `sha1`/`blobstore_id` empty.
    public var templates: [PackageReference]

    /// Creates a job spec.
    public init(name: String, templates: [PackageReference] = []) {
        self.name = name
        self.templates = templates
    }

    enum CodingKeys: String, CodingKey {
        case name, templates
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        templates = try container.decodeIfPresent([PackageReference].self, forKey: .templates) ?? []
    }
}

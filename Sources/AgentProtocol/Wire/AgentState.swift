/// The value of `get_state` (spec agent.md §10): the persisted apply spec plus live status.
///
/// Only `job_state` and `networks` are read by the deployer; the rest is decoded leniently
/// (absent keys become `nil`) so an older or newer agent never breaks the call.
public struct AgentState: Codable, Sendable, Hashable {
    /// The agent id from its settings.
    public var agentID: String?
    /// `running`, `failing`, `stopped`, `starting` or `unknown`.
    public var jobState: String
    /// Persisted apply spec: deployment name.
    public var deployment: String?
    /// Persisted apply spec: instance group name.
    public var name: String?
    /// Persisted apply spec: instance index.
    public var index: Int?
    /// Persisted apply spec: instance id.
    public var id: String?
    /// Persisted apply spec: availability zone.
    public var az: String?
    /// Persisted apply spec: the job and its templates.
    public var job: JobSpec?
    /// Persisted apply spec: installed packages.
    public var packages: [String: PackageReference]?
    /// Networks by name, with the IPs the agent resolved (dynamic networks).
    public var networks: [String: NetworkSpec]
    /// Persisted apply spec: the rendered templates blob.
    public var renderedTemplatesArchive: BlobReference?
    /// Persisted apply spec: configuration hash.
    public var configurationHash: String?
    /// Persisted apply spec: properties (the agent's defaults).
    public var properties: AgentJSON?
    /// `{}` for create-env VMs.
    public var resourcePool: AgentJSON?
    /// `0` for create-env VMs.
    public var persistentDisk: Int?
    /// Supervised processes; omitted when none.
    public var processes: [AgentProcess]?
    /// `{"name": <vm name>}`.
    public var vm: [String: AgentJSON]?
    /// Only with `get_state ["full"]`.
    public var vitals: AgentJSON?

    /// Creates a state (fakes and the local agent use it).
    public init(
        agentID: String? = nil, jobState: String, networks: [String: NetworkSpec] = [:],
        processes: [AgentProcess]? = nil
    ) {
        self.agentID = agentID
        self.jobState = jobState
        self.networks = networks
        self.processes = processes
    }

    enum CodingKeys: String, CodingKey {
        case agentID = "agent_id"
        case jobState = "job_state"
        case deployment, name, index, id, az, job, packages, networks
        case renderedTemplatesArchive = "rendered_templates_archive"
        case configurationHash = "configuration_hash"
        case properties
        case resourcePool = "resource_pool"
        case persistentDisk = "persistent_disk"
        case processes, vm, vitals
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        agentID = try c.decodeIfPresent(String.self, forKey: .agentID)
        jobState = try c.decodeIfPresent(String.self, forKey: .jobState) ?? "unknown"
        deployment = try c.decodeIfPresent(String.self, forKey: .deployment)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        index = try c.decodeIfPresent(Int.self, forKey: .index)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        az = try c.decodeIfPresent(String.self, forKey: .az)
        job = try c.decodeIfPresent(JobSpec.self, forKey: .job)
        packages = try c.decodeIfPresent([String: PackageReference].self, forKey: .packages)
        networks = try c.decodeIfPresent([String: NetworkSpec].self, forKey: .networks) ?? [:]
        renderedTemplatesArchive = try c.decodeIfPresent(BlobReference.self, forKey: .renderedTemplatesArchive)
        configurationHash = try c.decodeIfPresent(String.self, forKey: .configurationHash)
        properties = try c.decodeIfPresent(AgentJSON.self, forKey: .properties)
        resourcePool = try c.decodeIfPresent(AgentJSON.self, forKey: .resourcePool)
        persistentDisk = try c.decodeIfPresent(Int.self, forKey: .persistentDisk)
        processes = try c.decodeIfPresent([AgentProcess].self, forKey: .processes)
        vm = try c.decodeIfPresent([String: AgentJSON].self, forKey: .vm)
        vitals = try c.decodeIfPresent(AgentJSON.self, forKey: .vitals)
    }
}

/// One supervised process in `get_state.processes`.
public struct AgentProcess: Codable, Sendable, Hashable {
    /// The process name.
    public var name: String
    /// The supervisor's status string, e.g. `running`.
    public var state: String
    /// `{"secs": n}`.
    public var uptime: AgentJSON?
    /// `{"kb": n, "percent": x}`.
    public var mem: AgentJSON?
    /// `{"total": x}`.
    public var cpu: AgentJSON?

    /// Creates a process entry.
    public init(name: String, state: String, uptime: AgentJSON? = nil, mem: AgentJSON? = nil, cpu: AgentJSON? = nil) {
        self.name = name
        self.state = state
        self.uptime = uptime
        self.mem = mem
        self.cpu = cpu
    }
}

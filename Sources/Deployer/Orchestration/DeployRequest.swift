import Interpolation

/// One `deploy` / `delete` / `plan` run: which manifest, with which variables, and the flags.
public struct DeployRequest: Sendable, Hashable {
    /// The manifest, ops files and variable flags (`expectAllKeys` is forced on).
    public var interpolation: InterpolationRequest
    /// `--recreate`.
    public var recreate: Bool
    /// `--recreate-persistent-disks`.
    public var recreatePersistentDisks: Bool
    /// `--skip-drain`.
    public var skipDrain: Bool

    /// Creates a request.
    public init(
        interpolation: InterpolationRequest, recreate: Bool = false, recreatePersistentDisks: Bool = false,
        skipDrain: Bool = false
    ) {
        self.interpolation = interpolation
        self.recreate = recreate
        self.recreatePersistentDisks = recreatePersistentDisks
        self.skipDrain = skipDrain
    }

    /// The manifest's path.
    public var manifestPath: String { interpolation.manifestPath }
}

/// Where the orchestrator keeps its files and how long it waits.
public struct OrchestratorOptions: Sendable, Hashable {
    /// `$DEPLOYER_HOME`: `installations/<id>` and `tmp/` live here.
    public var deployerHome: String
    /// The user's home, for `~` in release and stemcell URLs.
    public var userHome: String?
    /// How long a new VM's agent may take to answer (bosh-cli: 10 minutes).
    public var agentReadyTimeout: Duration
    /// How long an existing VM's agent may take before its graceful shutdown is skipped
    /// (bosh-cli: 10 seconds).
    public var existingAgentTimeout: Duration
    /// Between two `get_state` calls while waiting for the job to run (bosh-cli: 1 s).
    public var runningPollInterval: Duration

    /// Creates options with bosh-cli's waits.
    public init(
        deployerHome: String, userHome: String? = nil, agentReadyTimeout: Duration = .seconds(600),
        existingAgentTimeout: Duration = .seconds(10), runningPollInterval: Duration = .seconds(1)
    ) {
        self.deployerHome = deployerHome
        self.userHome = userHome
        self.agentReadyTimeout = agentReadyTimeout
        self.existingAgentTimeout = existingAgentTimeout
        self.runningPollInterval = runningPollInterval
    }

    /// `<home>/installations/<installationID>`.
    public func installationDirectory(_ installationID: String) -> String {
        deployerHome + "/installations/" + installationID
    }
}

/// How a deploy ended.
public enum DeployOutcome: Sendable, Hashable {
    /// The state already recorded this deployment: nothing was done.
    case skipped
    /// The deployment was created or updated.
    case deployed
}

/// How a delete ended.
public enum DeleteOutcome: Sendable, Hashable {
    /// There was no state file: nothing to delete.
    case noState
    /// Everything in the state was deleted and the state file removed.
    case deleted
}

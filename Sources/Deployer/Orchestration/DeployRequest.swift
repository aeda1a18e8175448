import Foundation
import Interpolation

/// One `deploy` / `delete` / `plan` / `stop` / `start` run: which manifest, with which
/// variables, and the flags.
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
    /// Most packages compiled on the VM at once (`--parallel`); 1 compiles one after the
    /// other in dependency order, as bosh-cli does.
    public var maxParallelCompiles: Int
    /// How long fetching and reading the logs of a job that made a deploy fail may take
    /// before the error is shown without them.
    public var failureLogsTimeout: Duration

    /// Creates options with bosh-cli's waits.
    /// - Parameter maxParallelCompiles: clamped to at least 1; defaults to the number of
    ///   active processors.
    public init(
        deployerHome: String, userHome: String? = nil, agentReadyTimeout: Duration = .seconds(600),
        existingAgentTimeout: Duration = .seconds(10), runningPollInterval: Duration = .seconds(1),
        maxParallelCompiles: Int = ProcessInfo.processInfo.activeProcessorCount,
        failureLogsTimeout: Duration = .seconds(60)
    ) {
        self.deployerHome = deployerHome
        self.userHome = userHome
        self.agentReadyTimeout = agentReadyTimeout
        self.existingAgentTimeout = existingAgentTimeout
        self.runningPollInterval = runningPollInterval
        self.maxParallelCompiles = max(1, maxParallelCompiles)
        self.failureLogsTimeout = failureLogsTimeout
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

/// How `stop` or `start` ended (spec create-env.md §10).
public enum StopStartOutcome: Sendable, Hashable {
    /// There was no state file: nothing to do.
    case noState
    /// The state records a disk or stemcell but no VM: there are no jobs to stop or start.
    case noVM
    /// The VM's agent did not answer in time; bosh-cli then gives up quietly with success.
    case agentUnreachable
    /// The jobs were stopped or started.
    case completed
}

/// How a delete ended.
public enum DeleteOutcome: Sendable, Hashable {
    /// There was no state file: nothing to delete.
    case noState
    /// Everything in the state was deleted and the state file removed.
    case deleted
}

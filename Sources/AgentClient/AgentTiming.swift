/// Intervals, timeouts and retry counts of the agent client. Defaults are bosh-cli's
/// (spec agent.md §4–§5); tests shrink them.
public struct AgentTiming: Sendable, Hashable {
    /// Delay between `get_task` polls (bosh-cli `getTaskDelay`: 1 s).
    public var taskPollInterval: Duration
    /// Consecutive failed `get_task` sends tolerated before giving up (bosh-cli: 10).
    public var toleratedTaskErrors: Int
    /// Delay between readiness pings (bosh-cli: 500 ms).
    public var pingInterval: Duration
    /// Upper bound for one readiness ping; the remaining wait time also caps it.
    public var pingAttemptTimeout: Duration
    /// Attempts of `get_state` (bosh-cli: `toleratedErrorCount + 1` = 11).
    public var getStateAttempts: Int
    /// Delay between `get_state` attempts (bosh-cli: 1 s).
    public var getStateRetryDelay: Duration

    /// How long `waitUntilReady()` waits after `create_vm` (bosh-cli: 10 minutes).
    public static let defaultReadyTimeout: Duration = .seconds(600)
    /// How long to wait for an existing VM's agent before deleting or stopping it (10 s).
    public static let existingVMReadyTimeout: Duration = .seconds(10)

    /// Creates a timing configuration; every default is bosh-cli's.
    public init(
        taskPollInterval: Duration = .seconds(1), toleratedTaskErrors: Int = 10,
        pingInterval: Duration = .milliseconds(500), pingAttemptTimeout: Duration = .seconds(30),
        getStateAttempts: Int = 11, getStateRetryDelay: Duration = .seconds(1)
    ) {
        self.taskPollInterval = taskPollInterval
        self.toleratedTaskErrors = toleratedTaskErrors
        self.pingInterval = pingInterval
        self.pingAttemptTimeout = pingAttemptTimeout
        self.getStateAttempts = getStateAttempts
        self.getStateRetryDelay = getStateRetryDelay
    }
}

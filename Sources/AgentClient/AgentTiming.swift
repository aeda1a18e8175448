/// Intervals, timeouts and retry counts of the agent client. Defaults are bosh-cli's
/// (spec agent.md §4–§5); tests shrink them.
public struct AgentTiming: Sendable, Hashable {
    /// The longest delay between `get_task` polls (bosh-cli `getTaskDelay`: 1 s, every time).
    public var taskPollInterval: Duration
    /// The first delay between `get_task` polls; each next one doubles up to
    /// `taskPollInterval`. Most agent tasks (apply, a small compile, a script) end well within
    /// a second, and a flat 1 s poll made each of them last at least that long.
    public var firstTaskPollInterval: Duration
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

    /// The delay before `get_task` poll number `poll + 1` (0-based `poll` polls done):
    /// `firstTaskPollInterval` doubled `poll` times, at most `taskPollInterval`.
    public func taskPollDelay(afterPoll poll: Int) -> Duration {
        var delay = firstTaskPollInterval
        for _ in 0..<max(0, poll) where delay < taskPollInterval {
            delay = min(delay * 2, taskPollInterval)
        }
        return delay
    }

    /// Creates a timing configuration; every default but `firstTaskPollInterval` is bosh-cli's.
    public init(
        taskPollInterval: Duration = .seconds(1), toleratedTaskErrors: Int = 10,
        pingInterval: Duration = .milliseconds(500), pingAttemptTimeout: Duration = .seconds(30),
        getStateAttempts: Int = 11, getStateRetryDelay: Duration = .seconds(1),
        firstTaskPollInterval: Duration = .milliseconds(50)
    ) {
        self.taskPollInterval = taskPollInterval
        self.firstTaskPollInterval = min(firstTaskPollInterval, taskPollInterval)
        self.toleratedTaskErrors = toleratedTaskErrors
        self.pingInterval = pingInterval
        self.pingAttemptTimeout = pingAttemptTimeout
        self.getStateAttempts = getStateAttempts
        self.getStateRetryDelay = getStateRetryDelay
    }
}

/// Why `ProcessRunner` could not give a child's exit status. A child that ran and exited
/// non-zero is *not* an error: see `ProcessRunner.ExitStatus`.
public enum ProcessRunnerError: Error, Sendable, CustomStringConvertible {
    /// The executable could not be started (missing, not executable, bad working directory...).
    case launchFailed(executable: String, reason: String)
    /// The child ran longer than its timeout and was torn down (SIGTERM, then SIGKILL, to its
    /// process group). `standardError` is the tail of what it wrote before that.
    case timedOut(executable: String, timeout: Duration, standardError: [UInt8])
    /// The child wrote more than `limit` bytes to stdout and was torn down.
    case outputLimitExceeded(executable: String, limit: Int)
    /// Reading from or writing to the child, or opening its log file, failed.
    case ioFailed(executable: String, reason: String)

    public var description: String {
        switch self {
        case .launchFailed(let executable, let reason):
            return "Could not start '\(executable)': \(reason). Check that the file exists and is executable."
        case .timedOut(let executable, let timeout, _):
            return "'\(executable)' did not finish within \(ProcessRunner.format(timeout)) and was stopped "
                + "(SIGTERM, then SIGKILL to its process group). Raise the timeout if it is just slow."
        case .outputLimitExceeded(let executable, let limit):
            return "'\(executable)' wrote more than \(limit) bytes to stdout and was stopped."
        case .ioFailed(let executable, let reason):
            return "I/O with '\(executable)' failed: \(reason)"
        }
    }
}

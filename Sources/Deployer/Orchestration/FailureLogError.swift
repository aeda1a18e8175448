import DeployerSupport

/// Why the logs of a failed job could not be shown. It never replaces the error that made
/// the command fail: it becomes one line under it.
enum FailureLogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Fetching and downloading the logs took longer than allowed.
    case fetchTimedOut(seconds: Int)
    /// Reading the tarball took longer than allowed.
    case readTimedOut

    var description: String {
        switch self {
        case .fetchTimedOut(let seconds): return "the agent did not deliver them within \(seconds) s"
        case .readTimedOut: return "reading the tarball took too long"
        }
    }
}

/// An error with the last lines of the failing job's logs (or why they are missing) under
/// its message. The error itself is kept intact: `find(_:)` still reaches it, so the advice
/// and exit status are those of the failure, never of the logs.
struct ExplainedFailure: WrappingError, CustomStringConvertible, Sendable {
    /// The failure.
    let underlying: any Error
    /// The text shown under it (`FailureLogs.explanation`, or one line saying why there is none).
    let explanation: String

    var description: String { "\(underlying)\n\(explanation)" }
}

/// Why a deploy or delete stopped, beyond the errors of the layers below (which reach the
/// caller wrapped in `ContextError`s naming the step).
public enum OrchestrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The manifest names a release that is not in `releases`.
    case unknownRelease(String, usedBy: String)
    /// `cloud_provider` names no CPI job.
    case noCPIJob
    /// The job never reached `running` within the update watch time.
    case notRunning(instance: String, lastState: String, seconds: Int)
    /// A plan step found the state other than the plan saw it; the state is locked for the
    /// whole run, so this is a bug of ours, not something the operator did.
    case stepOutOfOrder(String)

    public var description: String {
        switch self {
        case .unknownRelease(let name, let user):
            return "Release '\(name)' used by \(user) is not listed in the manifest's releases"
        case .noCPIJob:
            return "cloud_provider.template names no CPI job; add `template: {name: <job>, release: <cpi release>}`"
        case .notRunning(let instance, let lastState, let seconds):
            return "Instance '\(instance)' did not become running within \(seconds) s (agent reports job_state "
                + "'\(lastState)'); fix the job (`deployer logs` fetches all of its logs), then run the command again"
        case .stepOutOfOrder(let detail):
            return "The deploy plan could not be followed (\(detail)); the state records what exists. "
                + "Run the command again, and report this as a bug of deployer if it happens again"
        }
    }
}

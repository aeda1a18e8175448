/// Why a deploy or delete stopped, beyond the errors of the layers below (which reach the
/// caller wrapped in `ContextError`s naming the step).
public enum OrchestrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The manifest names a release that is not in `releases`.
    case unknownRelease(String, usedBy: String)
    /// `cloud_provider` names no CPI job.
    case noCPIJob
    /// The job never reached `running` within the update watch time.
    case notRunning(instance: String, lastState: String, seconds: Int)

    public var description: String {
        switch self {
        case .unknownRelease(let name, let user):
            return "Release '\(name)' used by \(user) is not listed in the manifest's releases"
        case .noCPIJob:
            return "cloud_provider.template names no CPI job; add `template: {name: <job>, release: <cpi release>}`"
        case .notRunning(let instance, let lastState, let seconds):
            return "Instance '\(instance)' did not become running within \(seconds) s (agent reports job_state "
                + "'\(lastState)'); fix the job (`deployer logs` fetches all of its logs), then run the command again"
        }
    }
}

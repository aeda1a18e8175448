import CPIProtocol

/// What the cloud (`has_vm`, `has_disk`) and, for `plan --refresh`, the agent (`get_state`)
/// said about the resources the state records. `deploy` asks the cloud on every run that has a
/// VM, so that it repairs what `plan --refresh` reports; the planner turns a missing VM into
/// its recreation and the rest into findings with what to do.
public struct ObservedResources: Sendable, Hashable {
    /// What the agent said about the jobs, when it was asked.
    public enum Jobs: Sendable, Hashable {
        /// `job_state` is `running`.
        case running
        /// Another `job_state` (`stopped`, `failing`, ...).
        case notRunning(jobState: String)
        /// The agent did not answer; why.
        case unreachable(String)
    }

    /// The recorded VM, when the cloud said it does not have it.
    public var missingVM: VMCID?
    /// The recorded current disk, when the cloud said it does not have it.
    public var missingDisk: DiskCID?
    /// The jobs' state, or nil when the agent was not asked.
    public var jobs: Jobs?

    /// Creates an observation.
    public init(missingVM: VMCID? = nil, missingDisk: DiskCID? = nil, jobs: Jobs? = nil) {
        self.missingVM = missingVM
        self.missingDisk = missingDisk
        self.jobs = jobs
    }
}

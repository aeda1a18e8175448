import Logging

/// Everything the actions share: the VM's paths, settings and the stateful services.
struct AgentContext: Sendable {
    let layout: VMLayout
    /// The settings file, re-read by `mount_disk` (the CPI may add disk settings).
    let settingsPath: String
    /// Settings as read at start-up.
    let settings: AgentSettings
    let blobstore: LocalBlobstore
    let specStore: SpecStore
    let supervisor: JobSupervisor
    let disks: DiskManager
    let tasks: TaskQueue
    let logger: Logger
}

import CPIProtocol

/// One agent action with its typed arguments: the one definition of a request that the
/// deployer's client encodes and the local agent decodes (`AgentCall+Arguments.swift`).
///
/// Adding an action adds a case here and in `AgentAction`; the exhaustive switches of both
/// sides then say what else needs it.
public enum AgentCall: Sendable, Hashable {
    /// `ping []`: answers `"pong"`.
    case ping
    /// `info []`: answers `{"api_version": 1}`.
    case info
    /// `get_state []`, or `get_state ["full"]` to add vitals.
    case getState(full: Bool)
    /// `get_task [id]`: the task's final value, or its handle while it runs.
    case getTask(AgentTaskID)
    /// `cancel_task [id]`.
    case cancelTask(AgentTaskID)
    /// `apply [spec]` (async).
    case apply(ApplyArguments)
    /// `start []`: answers `"started"`.
    case start
    /// `stop []` (async).
    case stop
    /// `drain [type, new spec]` (async): answers the seconds to wait.
    case drain(DrainArguments)
    /// `run_script [name, options]` (async).
    case runScript(RunScriptArguments)
    /// `compile_package [blob_id, digest, name, version, deps]` (async).
    case compilePackage(CompilePackageArguments)
    /// `fetch_logs [types, filters]` (async): answers the logs' blob.
    case fetchLogs(FetchLogsArguments)
    /// `list_disk []`: the CIDs of the mounted persistent disks.
    case listDisk
    /// `add_persistent_disk [cid, hint]` (async).
    case addPersistentDisk(AddPersistentDiskArguments)
    /// `remove_persistent_disk [cid]` (async).
    case removePersistentDisk(diskCID: DiskCID)
    /// `mount_disk [cid]` (async).
    case mountDisk(diskCID: DiskCID)
    /// `unmount_disk [cid]` (async).
    case unmountDisk(diskCID: DiskCID)
    /// `migrate_disk []` (async).
    case migrateDisk
    /// `update_settings [settings]` (async).
    case updateSettings(UpdateSettingsArguments)
    /// `delete_arp_entries [{"ips": [...]}]`.
    case deleteARPEntries(DeleteARPEntriesArguments)
    /// `sync_dns [blob_id, digest, version]`.
    case syncDNS(SyncDNSArguments)

    /// The action this call sends.
    public var action: AgentAction {
        switch self {
        case .ping: .ping
        case .info: .info
        case .getState: .getState
        case .getTask: .getTask
        case .cancelTask: .cancelTask
        case .apply: .apply
        case .start: .start
        case .stop: .stop
        case .drain: .drain
        case .runScript: .runScript
        case .compilePackage: .compilePackage
        case .fetchLogs: .fetchLogs
        case .listDisk: .listDisk
        case .addPersistentDisk: .addPersistentDisk
        case .removePersistentDisk: .removePersistentDisk
        case .mountDisk: .mountDisk
        case .unmountDisk: .unmountDisk
        case .migrateDisk: .migrateDisk
        case .updateSettings: .updateSettings
        case .deleteARPEntries: .deleteARPEntries
        case .syncDNS: .syncDNS
        }
    }
}

/// The agent actions the deployer sends and the local agent answers, by their wire names
/// (spec agent.md §7–§8). The `method` of a request that names none of these gets the real
/// agent's `unknown message <method>` answer, so the raw name stays a `String` on the wire.
public enum AgentAction: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case ping
    case info
    case getState = "get_state"
    case getTask = "get_task"
    case cancelTask = "cancel_task"
    case apply
    case start
    case stop
    case drain
    case runScript = "run_script"
    case compilePackage = "compile_package"
    case fetchLogs = "fetch_logs"
    case listDisk = "list_disk"
    case addPersistentDisk = "add_persistent_disk"
    case removePersistentDisk = "remove_persistent_disk"
    case mountDisk = "mount_disk"
    case unmountDisk = "unmount_disk"
    case migrateDisk = "migrate_disk"
    case updateSettings = "update_settings"
    case deleteARPEntries = "delete_arp_entries"
    case syncDNS = "sync_dns"

    /// The wire name, so messages that quote the action read as the agent's own do.
    public var description: String { rawValue }
}

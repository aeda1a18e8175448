import AgentClient
import AgentProtocol

/// An `Agent` that passes every action through `FaultInjection` (counted, traced, maybe
/// killed). `waitUntilReady` is one point however many pings it takes.
struct FaultInjectingAgent: Agent {
    let base: any Agent
    let faults: FaultInjection

    func ping() async throws -> String {
        try await faults.around("agent ping") { try await base.ping() }
    }

    func waitUntilReady(timeout: Duration) async throws {
        try await faults.around("agent wait_until_ready") { try await base.waitUntilReady(timeout: timeout) }
    }

    func getState() async throws -> AgentState {
        try await faults.around("agent get_state") { try await base.getState() }
    }

    func apply(_ spec: ApplySpec) async throws {
        try await faults.around("agent apply") { try await base.apply(spec) }
    }

    func start() async throws {
        try await faults.around("agent start") { try await base.start() }
    }

    func stop() async throws {
        try await faults.around("agent stop") { try await base.stop() }
    }

    func drain(_ type: DrainType) async throws -> Int64 {
        try await faults.around("agent drain") { try await base.drain(type) }
    }

    func runScript(_ name: String, options: RunScriptOptions) async throws {
        try await faults.around("agent run_script \(name)") { try await base.runScript(name, options: options) }
    }

    func mountDisk(_ diskCID: String) async throws {
        try await faults.around("agent mount_disk") { try await base.mountDisk(diskCID) }
    }

    func unmountDisk(_ diskCID: String) async throws {
        try await faults.around("agent unmount_disk") { try await base.unmountDisk(diskCID) }
    }

    func addPersistentDisk(_ diskCID: String, hint: AgentJSON) async throws {
        try await faults.around("agent add_persistent_disk") { try await base.addPersistentDisk(diskCID, hint: hint) }
    }

    func removePersistentDisk(_ diskCID: String) async throws {
        try await faults.around("agent remove_persistent_disk") { try await base.removePersistentDisk(diskCID) }
    }

    func migrateDisk() async throws {
        try await faults.around("agent migrate_disk") { try await base.migrateDisk() }
    }

    func listDisk() async throws -> [String] {
        try await faults.around("agent list_disk") { try await base.listDisk() }
    }

    func compilePackage(_ arguments: CompilePackageArguments) async throws -> BlobReference {
        try await faults.around("agent compile_package") { try await base.compilePackage(arguments) }
    }

    func updateSettings(_ settings: SettingsUpdate) async throws {
        try await faults.around("agent update_settings") { try await base.updateSettings(settings) }
    }

    func deleteARPEntries(ips: [String]) async throws {
        try await faults.around("agent delete_arp_entries") { try await base.deleteARPEntries(ips: ips) }
    }

    func fetchLogs(types: String, filters: [String]) async throws -> BlobReference {
        try await faults.around("agent fetch_logs") { try await base.fetchLogs(types: types, filters: filters) }
    }

    func syncDNS(blobID: String, digest: String, version: UInt64) async throws -> String {
        try await faults.around("agent sync_dns") {
            try await base.syncDNS(blobID: blobID, digest: digest, version: version)
        }
    }
}

import AgentProtocol
import CPIProtocol

/// The agent actions create-env, delete-env, stop-env and start-env use (spec agent.md §7–§8).
/// `MbusAgentClient` speaks them over HTTPS; deployer tests use a fake.
///
/// Async actions (apply, stop, drain, run_script, disk actions, compile_package) return when
/// the agent's task has finished. Every method throws `AgentError` on failure and
/// `CancellationError` when the calling task is cancelled.
public protocol Agent: Sendable {
    /// `ping` once; the agent answers `"pong"`.
    func ping() async throws -> String
    /// Pings until the agent answers or `timeout` passes. Certificate and credential errors
    /// fail at once: waiting cannot fix them.
    func waitUntilReady(timeout: Duration) async throws
    /// `get_state`, retried on errors like bosh-cli.
    func getState() async throws -> AgentState
    /// `apply [spec]` (async).
    func apply(_ spec: ApplySpec) async throws
    /// `start` (sync); anything but `"started"` is an error.
    func start() async throws
    /// `stop` (async).
    func stop() async throws
    /// `drain [type, {}]` (async), waiting the seconds the agent asks for; returns its answer.
    func drain(_ type: DrainType) async throws -> Int64
    /// `run_script [name, options]` (async). An `unknown message` answer (old agents) is
    /// ignored, as bosh-cli does.
    func runScript(_ name: String, options: RunScriptOptions) async throws
    /// `mount_disk [cid]` (async).
    func mountDisk(_ diskCID: DiskCID) async throws
    /// `unmount_disk [cid]` (async).
    func unmountDisk(_ diskCID: DiskCID) async throws
    /// `add_persistent_disk [cid, hint]` (async); `hint` is what CPI `attach_disk` returned.
    func addPersistentDisk(_ diskCID: DiskCID, hint: AgentJSON) async throws
    /// `remove_persistent_disk [cid]` (async).
    func removePersistentDisk(_ diskCID: DiskCID) async throws
    /// `migrate_disk []` (async).
    func migrateDisk() async throws
    /// `list_disk []` (sync): CIDs of the mounted persistent disks.
    func listDisk() async throws -> [DiskCID]
    /// `compile_package [blob_id, digest, name, version, deps]` (async); returns the
    /// compiled package blob.
    func compilePackage(_ arguments: CompilePackageArguments) async throws -> BlobReference
    /// `update_settings [settings]` (async; not used by create-env).
    func updateSettings(_ settings: SettingsUpdate) async throws
    /// `delete_arp_entries [{"ips": [...]}]` (not used by create-env).
    func deleteARPEntries(ips: [String]) async throws
    /// `sync_dns [blob_id, digest, version]` (sync; not used by create-env).
    func syncDNS(blobID: BlobID, digest: String, version: UInt64) async throws -> String
    /// `fetch_logs` (async): the agent tars its logs of `types` (`job`, `agent`, or both
    /// comma-separated) matching `filters` (all when empty) into its blob store.
    /// - Returns: the blob's id and digest.
    func fetchLogs(types: String, filters: [String]) async throws -> BlobReference
}

extension Agent {
    /// Waits the bosh-cli default (10 minutes) for the agent after `create_vm`.
    /// - Throws: `AgentError` with the last ping failure.
    public func waitUntilReady() async throws {
        try await waitUntilReady(timeout: AgentTiming.defaultReadyTimeout)
    }

    /// `run_script [name, {}]`, as bosh-cli sends it.
    /// - Throws: `AgentError`.
    public func runScript(_ name: String) async throws {
        try await runScript(name, options: RunScriptOptions())
    }
}

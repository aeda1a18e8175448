import AgentProtocol
import DeployerSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Persistent disks of a local VM. A disk is a directory; "mounting" it makes `store` (or
/// `store_migration_target` while another disk is mounted) a symbolic link to it. Hints from
/// `add_persistent_disk` and the mounts are persisted in `bosh/disks.json`.
actor DiskManager {
    /// What `bosh/disks.json` holds.
    struct State: Codable, Sendable {
        /// Disk CID to the `attach_disk` hint (a path string or `{"path": ...}`).
        var hints: [String: AgentJSON] = [:]
        /// Disk CID to where it is mounted: `store` or `store_migration_target`.
        var mounts: [String: String] = [:]
    }

    let layout: VMLayout
    let settingsPath: String
    private var state: State

    /// Loads `bosh/disks.json` if present.
    /// - Throws: `LocalAgentError` when it exists but cannot be parsed.
    init(layout: VMLayout, settingsPath: String) throws {
        self.layout = layout
        self.settingsPath = settingsPath
        if let data = FileManager.default.contents(atPath: layout.disksFile) {
            do {
                state = try JSONDecoder().decode(State.self, from: data)
            } catch {
                throw LocalAgentError("Reading disk state '\(layout.disksFile)': not valid JSON")
            }
        } else {
            state = State()
        }
    }

    func mountedDiskCIDs() -> [String] {
        state.mounts.keys.sorted()
    }

    func add(_ cid: String, hint: AgentJSON) throws {
        state.hints[cid] = hint
        try save()
    }

    func remove(_ cid: String) throws {
        state.hints[cid] = nil
        try save()
    }

    func mount(_ cid: String) throws {
        let directory = try diskDirectory(cid)
        if state.mounts[cid] != nil { return }
        guard FileTree.isDirectory(directory) else {
            throw LocalAgentError("disk directory '\(directory)' does not exist")
        }
        let mountPoint: String
        if state.mounts.values.contains("store") {
            // Migration: the new disk goes beside the mounted one.
            mountPoint = "store_migration_target"
        } else {
            mountPoint = "store"
        }
        try prepareMountPoint(layout.path(mountPoint))
        try FileTree.replaceSymlink(at: layout.path(mountPoint), to: directory)
        state.mounts[cid] = mountPoint
        try save()
    }

    /// - Returns: the real agent's message (`Unmounted partition of ...` or
    ///   `Partition of ... is not mounted`).
    func unmount(_ cid: String) throws -> String {
        let description = "{ID:\(cid) Path:\((try? diskDirectory(cid)) ?? "")}"
        guard let mountPoint = state.mounts[cid] else { return "Partition of \(description) is not mounted" }
        try FileTree.remove(layout.path(mountPoint))
        state.mounts[cid] = nil
        try save()
        return "Unmounted partition of \(description)"
    }

    /// Copies `store` into `store_migration_target`, unmounts the old disk and mounts the new
    /// one at `store`.
    func migrate() async throws {
        guard let old = state.mounts.first(where: { $0.value == "store" })?.key else {
            throw LocalAgentError("no persistent disk is mounted at '\(layout.storeDir)'")
        }
        guard let new = state.mounts.first(where: { $0.value == "store_migration_target" })?.key else {
            throw LocalAgentError("no persistent disk is mounted at '\(layout.migrationTargetDir)'")
        }
        let invocation = ProcessRunner.Invocation(
            executable: "/bin/cp", arguments: ["-a", layout.storeDir + "/.", layout.migrationTargetDir + "/"],
            timeout: .seconds(3600))
        let result = try await ProcessRunner().run(invocation)
        guard result.exitStatus.isSuccess else {
            throw LocalAgentError(
                "copying '\(layout.storeDir)' to '\(layout.migrationTargetDir)': \(result.standardErrorText)")
        }
        try FileTree.remove(layout.storeDir)
        try FileTree.move(layout.migrationTargetDir, to: layout.storeDir)
        state.mounts[old] = nil
        state.mounts[new] = "store"
        try save()
    }

    /// The disk's directory: the `add_persistent_disk` hint, else the settings file's
    /// `disks.persistent[cid]` (re-read, as the CPI may have added it).
    private func diskDirectory(_ cid: String) throws -> String {
        var hint = state.hints[cid]
        if hint == nil { hint = (try? AgentSettings.load(path: settingsPath))?.persistentDisks[cid] }
        guard let hint else {
            throw LocalAgentError("Persistent disk with cid '\(cid)' could not be found in the agent's disk settings")
        }
        if let path = hint.stringValue ?? hint["path"]?.stringValue, path.hasPrefix("/") { return path }
        throw LocalAgentError("Persistent disk '\(cid)': its settings name no absolute directory path")
    }

    /// `store` may be missing, a link left by an unmounted disk, or an empty directory.
    private func prepareMountPoint(_ path: String) throws {
        guard FileTree.exists(path), !FileTree.isSymlink(path) else { return }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        guard contents.isEmpty else {
            throw LocalAgentError("'\(path)' is a non-empty directory, not a disk mount point")
        }
        try FileTree.remove(path)
    }

    private func save() throws {
        try prefixingErrors("Persisting disk state '\(layout.disksFile)'") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try AtomicFile.write(try encoder.encode(state), to: layout.disksFile)
        }
    }
}

import Foundation

/// The local cloud's inventory (`local-cpi list --root`) next to the CIDs the state file
/// records, and what differs between them.
struct CloudSnapshot: Sendable {
    /// CIDs by kind (`vm`, `disk`, `stemcell`).
    var cloud: Set<String> = []
    var state: Set<String> = []
    /// Incomplete resources, VMs whose agent is dead, and agent processes without a VM.
    var broken: [String] = []
    /// Whether the state file exists and parses (absent counts as parsing).
    var stateParses = true
    var stateExists = false
    /// Recorded in the state: the current VM, its disk and the disk each VM holds.
    var currentVM: String?
    var currentDisk: String?
    var attachments: [String: String] = [:]
    var diskSizes: [String: Int] = [:]
    var vmAlive: [String: Bool] = [:]
    /// Agent pids per VM CID, and orphan processes (for the driver's clean-up).
    var pids: [String: [Int32]] = [:]
    var orphanPids: [Int32] = []

    /// Cloud resources the state does not know, plus broken ones: the leaks.
    var orphans: [String] { cloud.subtracting(state).sorted() + broken }
    /// State records the cloud does not have.
    var lost: [String] { state.subtracting(cloud).sorted() }

    /// Reads both.
    /// - Throws: `MatrixError` when `local-cpi list` fails.
    static func take(
        localCPI: String, root: String, statePath: String, in directory: String
    ) async throws -> CloudSnapshot {
        var snapshot = CloudSnapshot()
        let list = try await MatrixCommand.run(
            localCPI, ["list", "--root", root], in: directory, timeout: .seconds(60))
        guard list.succeeded,
            let inventory = try? JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [String: Any]
        else { throw MatrixError("local-cpi list failed: \(list.output)") }
        for (key, prefix) in [("vms", "vm"), ("disks", "disk"), ("stemcells", "stemcell")] {
            for entry in inventory[key] as? [[String: Any]] ?? [] {
                guard let cid = entry["cid"] as? String else { continue }
                snapshot.cloud.insert(cid)
                if entry["complete"] as? Bool != true { snapshot.broken.append("incomplete \(prefix) \(cid)") }
                if prefix == "vm" {
                    let alive = entry["alive"] as? Bool ?? false
                    snapshot.vmAlive[cid] = alive
                    snapshot.pids[cid] = (entry["pids"] as? [Int] ?? []).map { Int32($0) }
                }
                if prefix == "disk" {
                    if let vm = entry["attached_to"] as? String { snapshot.attachments[cid] = vm }
                    if let size = entry["size_mib"] as? Int { snapshot.diskSizes[cid] = size }
                }
            }
        }
        for entry in inventory["orphan_processes"] as? [[String: Any]] ?? [] {
            let pid = entry["pid"] as? Int ?? 0
            snapshot.orphanPids.append(Int32(pid))
            snapshot.broken.append("agent process \(pid) without a VM")
        }
        guard let data = FileManager.default.contents(atPath: statePath) else { return snapshot }
        snapshot.stateExists = true
        guard let state = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            state["director_id"] is String
        else {
            snapshot.stateParses = false
            return snapshot
        }
        if let vm = state["current_vm_cid"] as? String, !vm.isEmpty {
            snapshot.state.insert(vm)
            snapshot.currentVM = vm
        }
        let currentDiskID = state["current_disk_id"] as? String
        for disk in state["disks"] as? [[String: Any]] ?? [] {
            guard let cid = disk["cid"] as? String else { continue }
            snapshot.state.insert(cid)
            if let id = disk["id"] as? String, id == currentDiskID { snapshot.currentDisk = cid }
        }
        for stemcell in state["stemcells"] as? [[String: Any]] ?? [] {
            if let cid = stemcell["cid"] as? String { snapshot.state.insert(cid) }
        }
        return snapshot
    }

    /// VMs of the state whose agent is not running (a VM "in use" that lost its machine).
    var deadVMs: [String] {
        vmAlive.filter { !$0.value && state.contains($0.key) }.map(\.key).sorted()
    }
}

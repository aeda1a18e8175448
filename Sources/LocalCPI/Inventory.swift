import CPIProtocol
import DeployerSupport
import Foundation

/// `local-cpi list`: every stemcell, VM and disk under a root, complete or not, with each
/// VM's agent pid and whether it is alive, and agent processes whose VM directory is gone.
/// Tests and the fault matrix count leftovers with it.
///
/// ```json
/// {"root": "...",
///  "stemcells": [{"cid": "...", "complete": true, "agent_binary": "..."}],
///  "vms": [{"cid": "...", "complete": true, "agent_id": "...", "ip": "127.0.0.10",
///           "stemcell_cid": "...", "pid": 123, "alive": true, "pids": [123],
///           "disks": ["disk-..."], "metadata": {...}}],
///  "disks": [{"cid": "...", "complete": true, "size_mib": 1024, "attached_to": "vm-...", "metadata": {...}}],
///  "orphan_processes": [{"pid": 456, "vm_dir": "..."}]}
/// ```
struct Inventory: Sendable {
    let root: CloudRoot

    /// The inventory as JSON.
    func collect() -> JSONValue {
        let processes = AgentProcess.findAll(under: root.directory(.vms))
        var stemcells: [JSONValue] = []
        for cid in root.cids(.stemcells) {
            let record = try? root.read(StemcellRecord.self, .stemcells, cid)
            var entry: [String: JSONValue] = ["cid": .string(cid), "complete": .bool(record != nil)]
            if let agent = record?.agentBinary { entry["agent_binary"] = .string(agent) }
            stemcells.append(.object(entry))
        }
        var vms: [JSONValue] = []
        var knownDirectories: Set<String> = []
        for cid in root.cids(.vms) {
            guard let directory = root.resource(.vms, cid) else { continue }
            knownDirectories.insert(directory)
            let record = try? root.read(VMRecord.self, .vms, cid)
            let running = processes[directory] ?? []
            var entry: [String: JSONValue] = [
                "cid": .string(cid), "complete": .bool(record != nil),
                "pids": .array(running.map { .int(Int($0.pid)) }),
                "alive": .bool(record?.agent?.isAlive ?? !running.isEmpty),
            ]
            if let record {
                entry["agent_id"] = .string(record.agentID)
                entry["ip"] = .string(record.ip)
                entry["stemcell_cid"] = .string(record.stemcellCID)
                entry["pid"] = record.agent.map { .int(Int($0.pid)) } ?? .null
                entry["metadata"] = .object(record.metadata.mapValues { .string($0) })
            }
            let settings = try? AgentSettingsDocument.load(path: LocalCloud.settingsPath(directory))
            entry["disks"] = .array((settings?.persistentDisks.keys.sorted() ?? []).map { .string($0) })
            vms.append(.object(entry))
        }
        var disks: [JSONValue] = []
        for cid in root.cids(.disks) {
            let record = try? root.read(DiskRecord.self, .disks, cid)
            var entry: [String: JSONValue] = ["cid": .string(cid), "complete": .bool(record != nil)]
            if let record {
                entry["size_mib"] = .int(record.sizeMiB)
                entry["attached_to"] = record.attachedTo.map { .string($0) } ?? .null
                entry["metadata"] = .object(record.metadata.mapValues { .string($0) })
            }
            disks.append(.object(entry))
        }
        var orphans: [JSONValue] = []
        for (directory, identities) in processes.sorted(by: { $0.key < $1.key })
        where !knownDirectories.contains(directory) {
            for identity in identities {
                orphans.append(["pid": .int(Int(identity.pid)), "vm_dir": .string(directory)])
            }
        }
        return [
            "root": .string(root.path), "stemcells": .array(stemcells), "vms": .array(vms), "disks": .array(disks),
            "orphan_processes": .array(orphans),
        ]
    }
}

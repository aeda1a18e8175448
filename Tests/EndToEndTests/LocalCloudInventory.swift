import Foundation

/// What `local-cpi list --root` reports: every stemcell, VM and disk of a local cloud, and agent
/// processes whose VM directory is gone. Only the fields the tests look at are decoded.
struct LocalCloudInventory: Decodable, Sendable {
    struct VM: Decodable, Sendable {
        var cid: String
        /// Whether the VM's agent process runs.
        var alive: Bool
        /// The persistent disks recorded in the VM's settings.
        var disks: [String]
    }

    struct Disk: Decodable, Sendable {
        var cid: String
        var sizeMiB: Int?
        var attachedTo: String?

        enum CodingKeys: String, CodingKey {
            case cid
            case sizeMiB = "size_mib"
            case attachedTo = "attached_to"
        }
    }

    struct Stemcell: Decodable, Sendable {
        var cid: String
    }

    struct OrphanProcess: Decodable, Sendable {
        var pid: Int
        var vmDirectory: String

        enum CodingKeys: String, CodingKey {
            case pid
            case vmDirectory = "vm_dir"
        }
    }

    var vms: [VM]
    var disks: [Disk]
    var stemcells: [Stemcell]
    var orphanProcesses: [OrphanProcess]

    enum CodingKeys: String, CodingKey {
        case vms, disks, stemcells
        case orphanProcesses = "orphan_processes"
    }

    /// Whether the cloud holds nothing at all.
    var isEmpty: Bool { vms.isEmpty && disks.isEmpty && stemcells.isEmpty && orphanProcesses.isEmpty }
}

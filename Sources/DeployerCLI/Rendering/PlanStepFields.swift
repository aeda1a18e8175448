import CPIProtocol
import Deployer

/// A plan step's kind and the things it names, as the `plan_step` event's fields: one case
/// of `PlanAction` per `action` value, so a program can switch on it rather than parse the text.
struct PlanStepFields: Hashable {
    /// The step's kind in snake_case, e.g. `recreate_vm`.
    var action: String
    /// What the step acts on: an instance name, a stemcell's `name/version`, a cloud id.
    var subject: String?
    /// The cloud id the step names, when it is not the subject.
    var cid: String?
    var sizeMiB: Int?
    var fromSizeMiB: Int?
    var toSizeMiB: Int?

    init(_ action: PlanAction) {
        switch action {
        case .uploadStemcell(let stemcell):
            self.action = "upload_stemcell"
            subject = stemcell.description
        case .reuseStemcell(let stemcell, let cid):
            self.action = "reuse_stemcell"
            subject = stemcell.description
            self.cid = cid.rawValue
        case .deleteUnusedStemcell(let name, let version, let cid):
            self.action = "delete_unused_stemcell"
            subject = "\(name)/\(version)"
            self.cid = cid.rawValue
        case .finishStemcellDeletion(let cid):
            self.action = "finish_stemcell_deletion"
            subject = cid.rawValue
        case .recoverInterruptedVM(let agentID, _):
            self.action = "recover_interrupted_vm"
            subject = agentID
        case .createVM(let instance):
            self.action = "create_vm"
            subject = instance
        case .recreateVM(let instance, let cid):
            self.action = "recreate_vm"
            subject = instance
            self.cid = cid.rawValue
        case .createDisk(let size):
            self.action = "create_disk"
            sizeMiB = size
        case .attachDisk(let cid):
            self.action = "attach_disk"
            subject = cid.rawValue
        case .migrateDisk(let cid, let fromSize, let toSize):
            self.action = "migrate_disk"
            subject = cid.rawValue
            fromSizeMiB = fromSize
            toSizeMiB = toSize
        case .leaveDiskDetached(let cid):
            self.action = "leave_disk_detached"
            subject = cid.rawValue
        case .deleteUnusedDisk(let cid):
            self.action = "delete_unused_disk"
            subject = cid.rawValue
        case .updateInstance(let instance):
            self.action = "update_instance"
            subject = instance
        }
    }
}

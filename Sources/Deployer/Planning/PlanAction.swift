import CPIProtocol

/// The kinds of step a deploy takes. `Planner` lists them in the order they run; each has
/// one executor (`StemcellSteps`, `VMSteps`, `DiskSteps`, `InstanceUpdater`).
public enum PlanAction: Sendable, Hashable, CustomStringConvertible {
    /// `create_stemcell` for a stemcell with no record of that name and version.
    case uploadStemcell(ArtifactVersion)
    /// The stemcell is already uploaded and will be used as is.
    case reuseStemcell(ArtifactVersion, cid: StemcellCID)
    /// A stemcell record that is not current will be deleted (`delete_stemcell`).
    case deleteUnusedStemcell(name: String, version: String, cid: StemcellCID)
    /// An earlier run was stopped between `delete_stemcell` and forgetting the record: the
    /// deletion is sent again (NotFound is fine) and the record goes.
    case finishStemcellDeletion(cid: StemcellCID)
    /// An earlier run was stopped during `create_vm`: the VM it may have made is looked for
    /// through its agent, and deleted when found.
    case recoverInterruptedVM(agentID: String, startedAt: String)
    /// No VM in the state: one will be created.
    case createVM(instance: String)
    /// The current VM will be shut down, deleted, and a new one created.
    case recreateVM(instance: String, cid: VMCID)
    /// A new persistent disk of `size` MiB will be created and attached.
    case createDisk(size: Int)
    /// The current disk will be attached to the new VM unchanged.
    case attachDisk(cid: DiskCID)
    /// A new disk of `toSize` MiB will be created, the old one's content copied, the old one deleted.
    case migrateDisk(cid: DiskCID, fromSize: Int, toSize: Int)
    /// The manifest asks for no persistent disk: the current one is neither attached nor deleted.
    case leaveDiskDetached(cid: DiskCID)
    /// A disk record that is not current will be deleted.
    case deleteUnusedDisk(cid: DiskCID)
    /// Jobs will be rendered, packages compiled, and the instance applied and started.
    case updateInstance(instance: String)

    /// Whether the step runs inside the `deploying` stage (VM, disk and instance steps), as
    /// bosh-cli groups them; stemcell steps run before and after it.
    public var isDeployingStep: Bool {
        switch self {
        case .uploadStemcell, .reuseStemcell, .deleteUnusedStemcell, .finishStemcellDeletion: false
        case .recoverInterruptedVM, .createVM, .recreateVM, .createDisk, .attachDisk, .migrateDisk,
            .leaveDiskDetached, .deleteUnusedDisk, .updateInstance:
            true
        }
    }

    public var description: String {
        switch self {
        case .uploadStemcell(let stemcell):
            return "stemcell '\(stemcell)' will be uploaded"
        case .reuseStemcell(let stemcell, let cid):
            return "stemcell '\(stemcell)' will be reused (cid '\(cid)')"
        case .deleteUnusedStemcell(let name, let version, let cid):
            return "unused stemcell '\(name)/\(version)' (cid '\(cid)') will be deleted"
        case .finishStemcellDeletion(let cid):
            return "the interrupted deletion of stemcell '\(cid)' will be finished"
        case .recoverInterruptedVM(let agentID, _):
            return "the VM of an interrupted create_vm (agent id '\(agentID)') will be looked for and deleted"
        case .createVM:
            return "VM will be created"
        case .recreateVM:
            return "VM will be recreated"
        case .createDisk:
            return "disk will be created"
        case .attachDisk(let cid):
            return "persistent disk '\(cid)' will be attached"
        case .migrateDisk:
            return "persistent disk will be migrated"
        case .leaveDiskDetached(let cid):
            return "persistent disk '\(cid)' will be left detached"
        case .deleteUnusedDisk(let cid):
            return "unused disk '\(cid)' will be deleted"
        case .updateInstance(let instance):
            return "instance '\(instance)' will be updated"
        }
    }
}

import CPIProtocol

/// What a create-env run would do, decided before anything is installed or touched.
public enum Plan: Sendable, Hashable {
    /// The state already records this manifest, stemcell and releases, and no recreate flag
    /// was given: the run prints `noChangesMessage` and stops.
    case noChanges
    /// The steps the run would take, in order, each with its reasons.
    case changes([PlanStep])

    /// bosh-cli's line for a skipped deploy.
    public static let noChangesMessage = "No deployment, stemcell or release changes. Skipping deploy."

    /// Whether the run would change anything (`deployer plan` exits 2 then, 0 otherwise).
    public var hasChanges: Bool {
        if case .changes = self { return true }
        return false
    }

    /// The steps; empty for `.noChanges`.
    public var steps: [PlanStep] {
        if case .changes(let steps) = self { return steps }
        return []
    }
}

/// One step of a plan and why it happens.
public struct PlanStep: Sendable, Hashable, CustomStringConvertible {
    /// What will be done.
    public var action: PlanAction
    /// Why, in operator words (e.g. `stemcell changed 1.0 → 1.1`, `--recreate given`).
    public var reasons: [String]

    /// Creates a step.
    public init(_ action: PlanAction, reasons: [String]) {
        self.action = action
        self.reasons = reasons
    }

    /// `VM will be recreated: stemcell changed 1.0 → 1.1; manifest changed`.
    public var description: String {
        reasons.isEmpty ? action.description : "\(action.description): \(reasons.joined(separator: "; "))"
    }
}

/// The kinds of step a deploy takes, in the order `Planner` lists them.
public enum PlanAction: Sendable, Hashable, CustomStringConvertible {
    /// `create_stemcell` for a stemcell with no record of that name and version.
    case uploadStemcell(ArtifactVersion)
    /// The stemcell is already uploaded and will be used as is.
    case reuseStemcell(ArtifactVersion, cid: StemcellCID)
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
    /// A stemcell record the new VM does not use will be deleted after the deploy.
    case deleteUnusedStemcell(name: String, version: String, cid: StemcellCID)

    public var description: String {
        switch self {
        case .uploadStemcell(let stemcell):
            return "stemcell '\(stemcell)' will be uploaded"
        case .reuseStemcell(let stemcell, let cid):
            return "stemcell '\(stemcell)' will be reused (cid '\(cid)')"
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
        case .deleteUnusedStemcell(let name, let version, let cid):
            return "unused stemcell '\(name)/\(version)' (cid '\(cid)') will be deleted"
        }
    }
}

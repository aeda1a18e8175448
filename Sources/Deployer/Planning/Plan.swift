import CPIProtocol

/// What a create-env run does, decided before anything is installed or touched, and the
/// program `deploy` then runs: `PlanExecutor` executes exactly these steps, in this order,
/// so `deployer plan` cannot promise what `deploy` will not do.
public struct Plan: Sendable, Hashable {
    /// True when the state already records this manifest, stemcell and releases and no
    /// recreate flag was given: bosh-cli then skips the deploy (`noChangesMessage`).
    public var isUpToDate: Bool
    /// The steps, in order, each with its reasons. For an up-to-date deployment these are
    /// only the clean-up an earlier run left unfinished (unused stemcell records).
    public var steps: [PlanStep]
    /// Variables the vars store lacks, which `deploy` will generate and write to it (`plan`
    /// generates them in memory only, so the manifest it compares is the one deploy would use).
    public var variablesToGenerate: [String]
    /// What the cloud or the agent showed to differ from the state that a deploy will not
    /// repair by itself (a missing disk, jobs not running), each with what to do.
    public var findings: [String]

    /// Creates a plan.
    public init(isUpToDate: Bool, steps: [PlanStep], variablesToGenerate: [String] = [], findings: [String] = []) {
        self.isUpToDate = isUpToDate
        self.steps = steps
        self.variablesToGenerate = variablesToGenerate
        self.findings = findings
    }

    /// An up-to-date deployment with nothing to clean up.
    public static let noChanges = Plan(isUpToDate: true, steps: [])

    /// A deploy that takes `steps`.
    public static func changes(_ steps: [PlanStep]) -> Plan { Plan(isUpToDate: false, steps: steps) }

    /// bosh-cli's line for a skipped deploy.
    public static let noChangesMessage = "No deployment, stemcell or release changes. Skipping deploy."

    /// Whether the run would deploy (`deployer plan` exits 2 then, 0 otherwise).
    public var hasChanges: Bool { !isUpToDate }

    /// Whether `deployer plan` exits 2: the run would deploy, or the deployment is not as the
    /// state records it.
    public var needsAttention: Bool { hasChanges || !findings.isEmpty }
}

/// One step of a plan and why it happens.
public struct PlanStep: Sendable, Hashable, CustomStringConvertible {
    /// What will be done.
    public var action: PlanAction
    /// Why, in operator words (e.g. `stemcell changed 1.0 → 1.1`, `--recreate given`).
    public var reasons: [String]
    /// The manifest paths whose change causes this step (for the VM: every changed path,
    /// since create-env has no in-place update); empty when none is known.
    public var changes: [ManifestPathChange]

    /// Creates a step.
    public init(_ action: PlanAction, reasons: [String], changes: [ManifestPathChange] = []) {
        self.action = action
        self.reasons = reasons
        self.changes = changes
    }

    /// `VM will be recreated: stemcell changed 1.0 → 1.1; manifest changed`.
    public var description: String {
        reasons.isEmpty ? action.description : "\(action.description): \(reasons.joined(separator: "; "))"
    }
}

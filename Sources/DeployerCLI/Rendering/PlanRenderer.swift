import Deployer

/// Renders a plan as text for `deployer plan`.
///
/// ```
/// Planned changes:
///   1. VM will be recreated: manifest changed at 1 path; stemcell changed 1.0 → 1.1
///        /instance_groups/name=bosh/jobs/name=app/properties/app/port changed
///   2. persistent disk will be migrated: size 1024 → 2048
/// Variables deploy will generate in the vars store: admin_password
/// ```
/// or bosh-cli's `No deployment, stemcell or release changes. Skipping deploy.`, followed by
/// the clean-up an earlier run left unfinished, if any. Values are never shown: the plan knows
/// only which paths changed.
public enum PlanRenderer {
    /// At most this many changed paths are listed under a step; the rest are counted.
    static let listedChanges = 40

    /// The whole text, ending with a line feed.
    public static func text(_ plan: Plan) -> String {
        var text = plan.isUpToDate ? Plan.noChangesMessage + "\n" : "Planned changes:\n"
        if plan.isUpToDate && !plan.steps.isEmpty { text += "Clean-up left by an earlier run:\n" }
        for (index, step) in plan.steps.enumerated() {
            text += "  \(index + 1). \(step)\n"
            for change in step.changes.prefix(listedChanges) { text += "       \(change)\n" }
            if step.changes.count > listedChanges {
                text += "       ... and \(step.changes.count - listedChanges) more\n"
            }
        }
        if !plan.findings.isEmpty {
            text += "Needs attention (a deploy does not change these):\n"
            for finding in plan.findings { text += "  - \(finding)\n" }
        }
        if !plan.variablesToGenerate.isEmpty {
            text += "Variables deploy will generate in the vars store: "
            text += plan.variablesToGenerate.joined(separator: ", ") + "\n"
        }
        return text
    }

    /// The plan as `--json` reports it: a `plan` event, then one `plan_step` event per step.
    public static func events(_ plan: Plan) -> [CommandEvent] {
        [.plan(plan)] + plan.steps.enumerated().map { .planStep(index: $0.offset + 1, step: $0.element) }
    }

    /// Writes `text(plan)` to `output`.
    public static func render(_ plan: Plan, to output: any TextOutput) {
        output.write(text(plan))
    }
}

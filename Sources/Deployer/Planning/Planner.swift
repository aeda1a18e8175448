import CPIProtocol
import DeployerSupport

/// Decides what a create-env run will do from the manifest, the state file and the identities
/// of the artifacts, before any CPI is installed or tarball extracted. `deploy` runs the
/// result step by step (`PlanExecutor`); nothing else decides what a deploy does.
///
/// The no-change rule is bosh-cli's (`cmd/deployment_preparer.go`, `deployment/record.go`):
/// the run is skipped when the state's `current_manifest_sha` is set and equals the new SHA,
/// the current stemcell record has the same name and version, and the `releases` records
/// match the manifest's releases one for one by name and version — unless `--recreate` or
/// `--recreate-persistent-disks` is given. Otherwise the VM is always (re)created: there is
/// no in-place update. Beyond bosh-cli, a recorded VM the cloud no longer has (`has_vm`)
/// is recreated even when nothing changed, its disk reattached.
///
/// The state records only the manifest's SHA, so a manifest change is reported as
/// "manifest changed" without saying which part changed.
public enum Planner {
    /// Plans a create-env run.
    /// - Parameters:
    ///   - manifest: The parsed, validated manifest.
    ///   - state: The loaded deployment state.
    ///   - inputs: Artifact identities, manifest SHA and flags.
    /// - Returns: the ordered steps with their reasons; for an up-to-date deployment only
    ///   the clean-up an earlier run left unfinished.
    /// - Throws: `ManifestError` when the manifest has no single deployable job or names an
    ///   unknown disk pool (validation normally reports these first).
    public static func plan(manifest: DeploymentManifest, state: DeploymentState, inputs: PlanInputs) throws -> Plan {
        let findings = findings(state: state, observed: inputs.observed)
        if isDeployed(state: state, inputs: inputs) && !inputs.recreate && !inputs.recreatePersistentDisks
            && inputs.observed?.missingVM == nil
        {
            return Plan(
                isUpToDate: true, steps: leftoverStemcellSteps(state: state, beforeUpload: true).steps,
                findings: findings)
        }
        let job = try manifest.deployment.deployableJob()
        let instance = "\(job.name)/0"
        var steps: [PlanStep] = []

        let leftovers = leftoverStemcellSteps(
            state: state, beforeUpload: state.currentVMCID != nil && state.currentStemcellID != nil)
        steps += leftovers.steps
        let stemcell = stemcellStep(state: state, inputs: inputs, deleted: leftovers.deleted)
        steps.append(stemcell)

        steps += vmSteps(instance: instance, state: state, inputs: inputs)
        let request = try manifest.deployment.persistentDisk(for: job)
        steps += diskSteps(request: request, state: state, inputs: inputs)
        steps.append(
            PlanStep(
                .updateInstance(instance: instance),
                reasons: ["jobs are rendered, compiled and started on every deploy"]))

        var kept: StemcellCID?
        if case .reuseStemcell(_, let cid) = stemcell.action { kept = cid }
        for record in state.stemcells
        where !record.cid.isEmpty && record.cid != kept && !leftovers.deleted.contains(record.cid) {
            steps.append(
                PlanStep(
                    .deleteUnusedStemcell(name: record.name, version: record.version, cid: record.cid),
                    reasons: ["not used by the new VM"]))
        }
        return Plan(isUpToDate: false, steps: steps, findings: findings)
    }

    /// bosh-cli's "is deployed" test, on state and artifact identities only.
    /// - Parameters:
    ///   - state: The loaded deployment state.
    ///   - inputs: Artifact identities and manifest SHA of this run.
    /// - Returns: Whether the state already records exactly this deployment.
    public static func isDeployed(state: DeploymentState, inputs: PlanInputs) -> Bool {
        guard let sha = state.currentManifestSHA, !sha.isEmpty, sha == inputs.manifestSHA else { return false }
        guard let stemcell = state.currentStemcell,
            stemcell.name == inputs.stemcell.name, stemcell.version == inputs.stemcell.version
        else { return false }
        guard !state.releases.isEmpty, state.releases.count == inputs.releases.count else { return false }
        return inputs.releases.allSatisfy { release in
            state.releases.contains { $0.name == release.name && $0.version == release.version }
        }
    }
}

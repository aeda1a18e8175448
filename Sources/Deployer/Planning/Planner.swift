import CPIProtocol

/// Decides what a create-env run will do from the manifest, the state file and the identities
/// of the artifacts, before any CPI is installed or tarball extracted.
///
/// The no-change rule is bosh-cli's (`cmd/deployment_preparer.go`, `deployment/record.go`):
/// the run is skipped when the state's `current_manifest_sha` is set and equals the new SHA,
/// the current stemcell record has the same name and version, and the `releases` records
/// match the manifest's releases one for one by name and version — unless `--recreate` or
/// `--recreate-persistent-disks` is given. Otherwise the VM is always (re)created: there is
/// no in-place update.
///
/// The state records only the manifest's SHA, so a manifest change is reported as
/// "manifest changed" without saying which part changed.
public enum Planner {
    /// Plans a create-env run.
    /// - Parameters:
    ///   - manifest: The parsed, validated manifest.
    ///   - state: The loaded deployment state.
    ///   - inputs: Artifact identities, manifest SHA and flags.
    /// - Returns: `.noChanges`, or the ordered steps with their reasons.
    /// - Throws: `ManifestError` when the manifest has no single deployable job or names an
    ///   unknown disk pool (validation normally reports these first).
    public static func plan(manifest: DeploymentManifest, state: DeploymentState, inputs: PlanInputs) throws -> Plan {
        if isDeployed(state: state, inputs: inputs) && !inputs.recreate && !inputs.recreatePersistentDisks {
            return .noChanges
        }
        let job = try manifest.deployment.deployableJob()
        let instance = "\(job.name)/0"
        var steps: [PlanStep] = []

        if let record = state.stemcell(name: inputs.stemcell.name, version: inputs.stemcell.version) {
            steps.append(PlanStep(.reuseStemcell(inputs.stemcell, cid: record.cid), reasons: ["already uploaded"]))
        } else {
            steps.append(PlanStep(.uploadStemcell(inputs.stemcell), reasons: ["no stemcell record with this name and version"]))
        }

        if let vm = state.currentVMCID {
            steps.append(PlanStep(.recreateVM(instance: instance, cid: vm), reasons: recreateReasons(state: state, inputs: inputs)))
        } else {
            steps.append(PlanStep(.createVM(instance: instance), reasons: ["no VM in state"]))
        }

        let request = try manifest.deployment.persistentDisk(for: job)
        steps += diskSteps(request: request, state: state, inputs: inputs)

        steps.append(PlanStep(.updateInstance(instance: instance), reasons: ["jobs are rendered, compiled and started on every deploy"]))

        for stemcell in state.stemcells where !stemcell.cid.isEmpty {
            guard stemcell.name != inputs.stemcell.name || stemcell.version != inputs.stemcell.version else { continue }
            steps.append(PlanStep(.deleteUnusedStemcell(name: stemcell.name, version: stemcell.version, cid: stemcell.cid),
                                  reasons: ["not used by the new VM"]))
        }
        return .changes(steps)
    }

    /// bosh-cli's "is deployed" test, on state and artifact identities only.
    /// - Parameters:
    ///   - state: The loaded deployment state.
    ///   - inputs: Artifact identities and manifest SHA of this run.
    /// - Returns: Whether the state already records exactly this deployment.
    public static func isDeployed(state: DeploymentState, inputs: PlanInputs) -> Bool {
        guard let sha = state.currentManifestSHA, !sha.isEmpty, sha == inputs.manifestSHA else { return false }
        guard let stemcell = state.currentStemcell,
              stemcell.name == inputs.stemcell.name, stemcell.version == inputs.stemcell.version else { return false }
        guard !state.releases.isEmpty, state.releases.count == inputs.releases.count else { return false }
        return inputs.releases.allSatisfy { release in
            state.releases.contains { $0.name == release.name && $0.version == release.version }
        }
    }

    /// Why an existing VM is replaced, most telling first.
    static func recreateReasons(state: DeploymentState, inputs: PlanInputs) -> [String] {
        var reasons: [String] = []
        if let sha = state.currentManifestSHA {
            if sha != inputs.manifestSHA { reasons.append("manifest changed") }
            reasons += releaseChanges(state: state, inputs: inputs)
        } else {
            // The deploy record is cleared at the start of a deploy and written at its end.
            reasons.append("previous deploy did not finish")
        }
        if let current = state.currentStemcell {
            if current.name != inputs.stemcell.name {
                reasons.append("stemcell changed \(current.name)/\(current.version) → \(inputs.stemcell)")
            } else if current.version != inputs.stemcell.version {
                reasons.append("stemcell changed \(current.version) → \(inputs.stemcell.version)")
            }
        } else {
            reasons.append("no current stemcell in state")
        }
        if inputs.recreate { reasons.append("--recreate given") }
        if inputs.recreatePersistentDisks { reasons.append("--recreate-persistent-disks given") }
        if reasons.isEmpty {
            // Only reachable with duplicate release names, which bosh-cli also never counts as deployed.
            reasons.append("deployment record does not match the manifest's releases")
        }
        return reasons
    }

    /// Release differences between the last completed deploy and this run, by name.
    static func releaseChanges(state: DeploymentState, inputs: PlanInputs) -> [String] {
        var reasons: [String] = []
        for release in inputs.releases {
            let recorded = state.releases.filter { $0.name == release.name }
            if recorded.isEmpty {
                reasons.append("release '\(release)' added")
            } else if !recorded.contains(where: { $0.version == release.version }) {
                let old = recorded.map(\.version).joined(separator: ", ")
                reasons.append("release '\(release.name)' changed \(old) → \(release.version)")
            }
        }
        for record in state.releases where !inputs.releases.contains(where: { $0.name == record.name }) {
            reasons.append("release '\(record.name)/\(record.version)' removed")
        }
        return reasons
    }
}

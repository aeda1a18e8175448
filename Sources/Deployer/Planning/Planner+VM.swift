extension Planner {
    /// Recover the VM of an interrupted `create_vm` when the state has none, then create
    /// the VM, or recreate the one the state records.
    static func vmSteps(instance: String, state: DeploymentState, inputs: PlanInputs) -> [PlanStep] {
        if let vm = state.currentVMCID {
            let (reasons, changes) = recreateReasons(state: state, inputs: inputs)
            return [PlanStep(.recreateVM(instance: instance, cid: vm), reasons: reasons, changes: changes)]
        }
        var steps: [PlanStep] = []
        if let pending = state.deployer.pendingVM {
            steps.append(
                PlanStep(
                    .recoverInterruptedVM(agentID: pending.agentID, startedAt: pending.startedAt),
                    reasons: ["a run was stopped during create_vm at \(pending.startedAt)"]))
        }
        steps.append(PlanStep(.createVM(instance: instance), reasons: ["no VM in state"]))
        return steps
    }

    /// Why an existing VM is replaced, most telling first, and the manifest paths that changed.
    static func recreateReasons(
        state: DeploymentState, inputs: PlanInputs
    ) -> (reasons: [String], changes: [ManifestPathChange]) {
        var reasons: [String] = []
        var changes: [ManifestPathChange] = []
        if let sha = state.currentManifestSHA {
            if sha != inputs.manifestSHA {
                let (reason, paths) = manifestChange(state: state, inputs: inputs, since: "")
                reasons.append(reason)
                changes = paths
            }
            reasons += releaseChanges(state: state, inputs: inputs)
            if let vm = inputs.observed?.missingVM {
                reasons.append("VM '\(vm)' is missing from the cloud (has_vm answered false)")
            }
        } else {
            // The deploy record is cleared at the start of a deploy and written at its end.
            reasons.append("previous deploy did not finish")
            if state.deployer.manifestFingerprint != nil {
                let (reason, paths) = manifestChange(
                    state: state, inputs: inputs, since: " since the last completed deploy")
                if !paths.isEmpty {
                    reasons.append(reason)
                    changes = paths
                }
            }
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
        return (reasons, changes)
    }

    /// `manifest changed at 2 paths`, with the paths, or why they cannot be told.
    static func manifestChange(
        state: DeploymentState, inputs: PlanInputs, since: String
    ) -> (reason: String, changes: [ManifestPathChange]) {
        switch ManifestComparison.between(
            recorded: state.deployer.manifestFingerprint, current: inputs.manifestFingerprint)
        {
        case .paths(let changes) where changes.isEmpty:
            return ("manifest text changed\(since), no value did (key order or quoting)", [])
        case .paths(let changes):
            return ("manifest changed\(since) at \(changes.count) path\(changes.count == 1 ? "" : "s")", changes)
        case .unknown(let why):
            return ("manifest changed\(since) (which paths cannot be told: \(why))", [])
        }
    }

    /// Release differences between the last completed deploy and this run, by name; the
    /// release the CPI comes from is called the CPI release.
    static func releaseChanges(state: DeploymentState, inputs: PlanInputs) -> [String] {
        var reasons: [String] = []
        func kind(_ name: String) -> String { inputs.cpiReleases.contains(name) ? "CPI release" : "release" }
        for release in inputs.releases {
            let recorded = state.releases.filter { $0.name == release.name }
            if recorded.isEmpty {
                reasons.append("\(kind(release.name)) '\(release)' added")
            } else if !recorded.contains(where: { $0.version == release.version }) {
                let old = recorded.map(\.version).joined(separator: ", ")
                reasons.append("\(kind(release.name)) '\(release.name)' changed \(old) → \(release.version)")
            }
        }
        for record in state.releases where !inputs.releases.contains(where: { $0.name == record.name }) {
            reasons.append("release '\(record.name)/\(record.version)' removed")
        }
        return reasons
    }
}

extension Planner {
    /// Recover the VM of an interrupted `create_vm` when the state has none, then create
    /// the VM, or recreate the one the state records.
    static func vmSteps(instance: String, state: DeploymentState, inputs: PlanInputs) -> [PlanStep] {
        if let vm = state.currentVMCID {
            return [
                PlanStep(
                    .recreateVM(instance: instance, cid: vm), reasons: recreateReasons(state: state, inputs: inputs))
            ]
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

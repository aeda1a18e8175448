extension Planner {
    /// What the deploy will not change by itself, each with what to do: what an interrupted
    /// `create_disk` or `create_stemcell` may have left in the cloud (the next deploy warns of
    /// it too), and what `plan --refresh` found.
    static func findings(state: DeploymentState, observed: ObservedResources?) -> [String] {
        var findings = state.deployer.pendingCreations.map(\.warning)
        guard let observed else { return findings }
        if let disk = observed.missingDisk {
            findings.append(
                "persistent disk '\(disk)' is missing from the cloud (has_disk answered false): a deploy will fail to attach it; if it is really gone, restore it from a snapshot, or remove its record from the state to start with an empty disk"
            )
        }
        switch observed.jobs {
        case .notRunning(let jobState) where jobState == "stopped":
            findings.append(
                "the jobs are stopped (job_state 'stopped', as `deployer stop` leaves them): `deployer start` starts them"
            )
        case .notRunning(let jobState):
            findings.append(
                "the jobs are not running (job_state '\(jobState)'): `deployer logs` shows why; `deployer deploy --recreate` recreates the VM"
            )
        case .unreachable(let why) where observed.missingVM == nil:
            findings.append("the VM's agent does not answer (\(why)): `deployer deploy --recreate` recreates the VM")
        case .running, .unreachable, nil:
            break
        }
        return findings
    }
}

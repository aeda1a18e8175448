extension Planner {
    /// The persistent-disk steps of §5.2 of the create-env spec: create, attach, migrate or
    /// leave the current disk, then delete disk records that are not current.
    ///
    /// A request of 0 MiB is no disk, and then unused records are kept too: bosh-cli's disk
    /// deployer returns before its clean-up when the disk size is 0.
    static func diskSteps(request: PersistentDiskRequest?, state: DeploymentState, inputs: PlanInputs) -> [PlanStep] {
        let current = state.currentDisk
        guard let request, request.size > 0 else {
            guard let current else { return [] }
            return [
                PlanStep(.leaveDiskDetached(cid: current.cid), reasons: ["the manifest asks for no persistent disk"])
            ]
        }
        var steps: [PlanStep] = []
        if let disk = current {
            var reasons: [String] = []
            if disk.size != request.size { reasons.append("size \(disk.size) → \(request.size)") }
            if CloudPropertiesComparison.differ(recorded: disk.cloudProperties, requested: request.cloudProperties) {
                reasons.append("cloud_properties changed")
            }
            if inputs.recreatePersistentDisks { reasons.append("--recreate-persistent-disks given") }
            if reasons.isEmpty {
                steps.append(PlanStep(.attachDisk(cid: disk.cid), reasons: ["size and cloud_properties unchanged"]))
            } else {
                steps.append(
                    PlanStep(.migrateDisk(cid: disk.cid, fromSize: disk.size, toSize: request.size), reasons: reasons))
            }
        } else {
            steps.append(
                PlanStep(
                    .createDisk(size: request.size),
                    reasons: ["no persistent disk in state", "\(request.size) MiB requested"]))
        }
        for disk in state.unusedDisks() {
            steps.append(PlanStep(.deleteUnusedDisk(cid: disk.cid), reasons: ["not the current disk"]))
        }
        return steps
    }
}

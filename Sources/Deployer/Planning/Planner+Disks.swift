extension Planner {
    /// The persistent-disk steps of §5.2 of the create-env spec: create, attach, migrate or
    /// leave the current disk, then delete disk records that are not current.
    static func diskSteps(request: PersistentDiskRequest?, state: DeploymentState, inputs: PlanInputs) -> [PlanStep] {
        var steps: [PlanStep] = []
        let current = state.currentDisk
        switch (request, current) {
        case (nil, nil):
            break
        case (nil, let disk?):
            steps.append(PlanStep(.leaveDiskDetached(cid: disk.cid), reasons: ["the manifest asks for no persistent disk"]))
        case (let request?, nil):
            steps.append(PlanStep(.createDisk(size: request.size),
                                  reasons: ["no persistent disk in state", "\(request.size) MiB requested"]))
        case (let request?, let disk?):
            var reasons: [String] = []
            if disk.size != request.size { reasons.append("size \(disk.size) → \(request.size)") }
            if CloudPropertiesComparison.differ(recorded: disk.cloudProperties, requested: request.cloudProperties) {
                reasons.append("cloud_properties changed")
            }
            if inputs.recreatePersistentDisks { reasons.append("--recreate-persistent-disks given") }
            if reasons.isEmpty {
                steps.append(PlanStep(.attachDisk(cid: disk.cid), reasons: ["size and cloud_properties unchanged"]))
            } else {
                steps.append(PlanStep(.migrateDisk(cid: disk.cid, fromSize: disk.size, toSize: request.size), reasons: reasons))
            }
        }
        for disk in state.unusedDisks() {
            steps.append(PlanStep(.deleteUnusedDisk(cid: disk.cid), reasons: ["not the current disk"]))
        }
        return steps
    }
}

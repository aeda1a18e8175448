import AgentClient
import CPIProtocol
import DeployerSupport
import Foundation

extension Orchestrator {
    /// The disk decision of create-env (spec create-env.md §5.2): create and attach a new
    /// disk, or attach the current one and migrate it when its size or cloud properties
    /// changed; then delete disk records that are not current.
    func deployDisk(vm: VMCID, context: InstanceContext, stage: any Stage) async throws {
        let deployment = context.prepared.manifest.deployment
        guard let request = try deployment.persistentDisk(for: context.prepared.job), request.size > 0 else { return }
        let store = context.store
        let cloudProperties = StateJSONValue.object(yaml: request.cloudProperties)
        if let current = try await store.current().currentDisk {
            try await attachDisk(current.cid, vm: vm, context: context, stage: stage)
            if current.size != request.size || current.cloudProperties != cloudProperties
                || context.recreatePersistentDisks
            {
                try await migrateDisk(from: current, request: request, vm: vm, context: context, stage: stage)
            }
        } else {
            let record = try await createDisk(request, vm: vm, context: context, stage: stage)
            try await attachDisk(record.cid, vm: vm, context: context, stage: stage)
            try await store.setCurrentDisk(id: record.id)
        }
        for disk in try await store.unusedDisks() {
            let name = "Deleting unused disk '\(disk.cid)'"
            _ = try await withContext(name) {
                try await stage.performOrSkip(name) {
                    do {
                        try await context.cloud.deleteDisk(disk.cid)
                    } catch let error as CPIError where error.is(.diskNotFound) {
                        try await store.removeDisk(disk.cid)
                        return StepOutcome<Void>.skipped(reason: "Disk Not Found")
                    }
                    try await store.removeDisk(disk.cid)
                    return .completed(())
                }
            }
        }
    }

    private func createDisk(_ request: PersistentDiskRequest, vm: VMCID, context: InstanceContext, stage: any Stage)
        async throws -> DiskRecord
    {
        try await step("Creating disk", stage) {
            let cid = try await context.cloud.createDisk(
                sizeMiB: request.size, cloudProperties: .object(WireValues.jsonObject(request.cloudProperties)),
                vmCID: vm)
            // Recorded at once so a failure later never leaks the disk.
            return try await context.store.recordDisk(
                cid: cid, size: request.size, cloudProperties: StateJSONValue.object(yaml: request.cloudProperties))
        }
    }

    /// `attach_disk`, `set_disk_metadata`, wait for the agent, `add_persistent_disk` (when
    /// the CPI returned a hint) and `mount_disk`, as bosh-cli's `vm.AttachDisk`.
    private func attachDisk(_ disk: DiskCID, vm: VMCID, context: InstanceContext, stage: any Stage) async throws {
        try await step("Attaching disk '\(disk)' to VM '\(vm)'", stage) {
            let hint = try await context.cloud.attachDisk(vmCID: vm, diskCID: disk)
            let deployment = context.prepared.manifest.deployment
            let now = Date()
            let vmMetadata = CloudMetadata.vm(
                deployment: deployment.name, job: context.prepared.job.name, tags: deployment.tags, now: now)
            let metadata = CloudMetadata.disk(fromVM: vmMetadata, now: now)
            try await ignoringNotImplemented { try await context.cloud.setDiskMetadata(disk, metadata: metadata) }
            try await context.agent.waitUntilReady(timeout: options.agentReadyTimeout)
            if let hint, hint != .null {
                do {
                    try await context.agent.addPersistentDisk(disk.rawValue, hint: hint)
                } catch let error as AgentError where error.isUnknownMessage {
                    // Agents older than the registry-less contract mount without it.
                }
            }
            try await context.agent.mountDisk(disk.rawValue)
        }
    }

    private func migrateDisk(
        from old: DiskRecord, request: PersistentDiskRequest, vm: VMCID, context: InstanceContext, stage: any Stage
    ) async throws {
        let new = try await createDisk(request, vm: vm, context: context, stage: stage)
        try await attachDisk(new.cid, vm: vm, context: context, stage: stage)
        try await step("Migrating disk content from '\(old.cid)' to '\(new.cid)'", stage) {
            try await context.agent.migrateDisk()
        }
        try await context.store.setCurrentDisk(id: new.id)
        try await step("Detaching disk '\(old.cid)'", stage) {
            do {
                try await context.agent.removePersistentDisk(old.cid.rawValue)
            } catch let error as AgentError where error.isUnknownMessage {}
            try await context.cloud.detachDisk(vmCID: vm, diskCID: old.cid)
            try await context.agent.waitUntilReady(timeout: options.agentReadyTimeout)
        }
        try await step("Deleting disk '\(old.cid)'", stage) {
            do {
                try await context.cloud.deleteDisk(old.cid)
            } catch let error as CPIError where error.is(.diskNotFound) {
                // bosh-cli forgets the record and still fails the step; a re-run succeeds.
                try await context.store.removeDisk(old.cid)
                throw error
            }
            try await context.store.removeDisk(old.cid)
        }
    }
}

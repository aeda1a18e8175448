import AgentClient
import CPIProtocol
import DeployerSupport
import Foundation
import GoYAML

/// The persistent-disk steps of a plan (`createDisk`, `attachDisk`, `migrateDisk`,
/// `deleteUnusedDisk`) and delete-env's disk deletion, as bosh-cli's `deployment/disk`.
struct DiskSteps: Sendable {
    var cloud: any Cloud
    var agent: any Agent
    var store: any StateStore
    var options: OrchestratorOptions
    /// Deployment name, job and tags for the disk's metadata.
    var metadata: @Sendable (Date) -> [String: String]
    var stage: any Stage

    /// Creates a disk for `request`, attaches it to `vm` and makes it the current disk.
    func createAndAttach(_ request: PersistentDiskRequest, vm: VMCID) async throws {
        let record = try await create(request, near: vm)
        try await attach(record.cid, to: vm)
        try await store.setCurrentDisk(id: record.id)
    }

    /// `attach_disk`, `set_disk_metadata`, wait for the agent, `add_persistent_disk` (when
    /// the CPI returned a hint) and `mount_disk`, as bosh-cli's `vm.AttachDisk`.
    func attach(_ disk: DiskCID, to vm: VMCID) async throws {
        try await stage.step("Attaching disk '\(disk)' to VM '\(vm)'") {
            let hint = try await cloud.attachDisk(vmCID: vm, diskCID: disk)
            let tags = metadata(Date())
            try await ignoringNotImplemented { try await cloud.setDiskMetadata(disk, metadata: tags) }
            try await agent.waitUntilReady(timeout: options.agentReadyTimeout)
            if let hint, hint != .null {
                do {
                    try await agent.addPersistentDisk(disk, hint: hint)
                } catch let error as AgentError where error.isUnknownMessage {
                    // Agents older than the registry-less contract mount without it.
                }
            }
            try await agent.mountDisk(disk)
        }
    }

    /// Attaches the current disk, then moves its content to a new disk of `request`: create,
    /// attach, `migrate_disk`, switch the current disk, detach and delete the old one.
    func migrate(from old: DiskRecord, to request: PersistentDiskRequest, vm: VMCID) async throws {
        try await attach(old.cid, to: vm)
        let new = try await create(request, near: vm)
        try await attach(new.cid, to: vm)
        try await stage.step("Migrating disk content from '\(old.cid)' to '\(new.cid)'") {
            try await agent.migrateDisk()
        }
        try await store.setCurrentDisk(id: new.id)
        try await stage.step("Detaching disk '\(old.cid)'") {
            do {
                try await agent.removePersistentDisk(old.cid)
            } catch let error as AgentError where error.isUnknownMessage {}
            try await cloud.detachDisk(vmCID: vm, diskCID: old.cid)
            try await agent.waitUntilReady(timeout: options.agentReadyTimeout)
        }
        try await stage.step("Deleting disk '\(old.cid)'") {
            do {
                try await cloud.deleteDisk(old.cid)
            } catch let error as CPIError where error.is(.diskNotFound) {
                // bosh-cli forgets the record and still fails the step; a re-run succeeds.
                try await store.removeDisk(old.cid)
                throw error
            }
            try await store.removeDisk(old.cid)
        }
    }

    /// `delete_disk` and forget the record; a disk the cloud no longer knows is skipped.
    func delete(_ cid: DiskCID, label: String) async throws {
        try await stage.deletionStep(
            "\(label) '\(cid)'", gone: .diskNotFound, reason: "Disk not found",
            delete: { try await cloud.deleteDisk(cid) }, forget: { try await store.removeDisk(cid) })
    }

    private func create(_ request: PersistentDiskRequest, near vm: VMCID) async throws -> DiskRecord {
        try await stage.step("Creating disk") {
            let now = Date()
            let pending = PendingCreation.disk(
                sizeMiB: request.size, vm: vm.rawValue, metadata: metadata(now), startedAt: now.formatted(.iso8601))
            let cid = try await PendingCreations.tracking(pending, store: store) {
                try await cloud.createDisk(
                    sizeMiB: request.size, cloudProperties: .object(WireValues.jsonObject(request.cloudProperties)),
                    vmCID: vm)
            }
            // Recorded at once so a failure later never leaks the disk.
            return try await store.recordDisk(
                cid: cid, size: request.size, cloudProperties: StateJSONValue.object(yaml: request.cloudProperties),
                completing: pending)
        }
    }
}

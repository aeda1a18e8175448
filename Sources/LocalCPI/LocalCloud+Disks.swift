import CPIProtocol
import DeployerSupport
import Foundation

extension LocalCloud {
    /// Creates `disks/<cid>/data/` and the record. `vmCID` is only a placement hint.
    func handle(_ message: CreateDiskArguments) async throws -> DiskCID {
        let sizeMiB = message.sizeMiB
        guard sizeMiB > 0 else {
            throw CPIResponseError(
                type: .invalidCall, message: "create_disk: argument 1 ('size') must be positive, got \(sizeMiB)")
        }
        return try await locked { _, root in
            let cid = root.newCID(.disks)
            guard let directory = root.resource(.disks, cid) else { throw LocalCPIError("invalid CID '\(cid)'") }
            do {
                try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
                let record = DiskRecord(
                    cid: cid, sizeMiB: sizeMiB, cloudProperties: message.cloudProperties, attachedTo: nil,
                    metadata: [:],
                    createdAt: Self.now())
                try root.write(record, .disks, cid)
            } catch {
                try? root.remove(.disks, cid)
                throw error
            }
            Self.log("created disk \(cid) (\(sizeMiB) MiB)")
            return DiskCID(cid)
        }
    }

    /// Removes the disk; `DiskNotFound` when absent, `CloudError` while a VM has it attached.
    func handle(_ message: DeleteDiskArguments) async throws {
        let cid = message.cid
        try await locked { _, root in
            guard root.exists(.disks, cid.rawValue) else { throw CPIResponseError.diskNotFound(cid.rawValue) }
            let record = try? root.read(DiskRecord.self, .disks, cid.rawValue)
            if let vm = record?.attachedTo, root.exists(.vms, vm) {
                throw CPIResponseError.cloud("delete_disk: disk '\(cid)' is attached to VM '\(vm)'; detach it first")
            }
            try root.remove(.disks, cid.rawValue)
            Self.log("deleted disk \(cid)")
        }
    }

    func handle(_ message: HasDiskArguments) async throws -> Bool {
        try await locked { _, root in root.exists(.disks, message.cid.rawValue) }
    }

    /// Records the disk under the VM settings' `disks.persistent` (where `local-agent` looks
    /// when it mounts it) and returns the hint `{"path": "<disk>/data"}`. Idempotent.
    func handle(_ message: AttachDiskArguments) async throws -> JSONValue? {
        let (vmCID, diskCID) = (message.vmCID, message.diskCID)
        return try await locked { _, root in
            _ = try Self.vmRecord(vmCID.rawValue, root)
            var disk = try Self.diskRecord(diskCID.rawValue, root)
            if let other = disk.attachedTo, other != vmCID.rawValue, root.exists(.vms, other) {
                throw CPIResponseError.cloud("attach_disk: disk '\(diskCID)' is already attached to VM '\(other)'")
            }
            guard let vmDirectory = root.resource(.vms, vmCID.rawValue),
                let diskDirectory = root.resource(.disks, diskCID.rawValue)
            else { throw CPIResponseError.vmNotFound(vmCID.rawValue) }
            let hint: JSONValue = ["path": .string(diskDirectory + "/data")]
            let settingsPath = Self.settingsPath(vmDirectory)
            var settings = try AgentSettingsDocument.load(path: settingsPath)
            settings.setPersistentDisk(diskCID.rawValue, hint: hint)
            try settings.save(path: settingsPath)
            disk.attachedTo = vmCID.rawValue
            try root.write(disk, .disks, diskCID.rawValue)
            Self.log("attached disk \(diskCID) to VM \(vmCID)")
            return hint
        }
    }

    /// Removes the disk from the VM's settings. Detaching a disk that is not attached succeeds,
    /// so a repeated call after an interruption converges.
    func handle(_ message: DetachDiskArguments) async throws {
        let (vmCID, diskCID) = (message.vmCID, message.diskCID)
        try await locked { _, root in
            _ = try Self.vmRecord(vmCID.rawValue, root)
            var disk = try Self.diskRecord(diskCID.rawValue, root)
            guard let vmDirectory = root.resource(.vms, vmCID.rawValue) else {
                throw CPIResponseError.vmNotFound(vmCID.rawValue)
            }
            let settingsPath = Self.settingsPath(vmDirectory)
            var settings = try AgentSettingsDocument.load(path: settingsPath)
            if settings.persistentDisks[diskCID.rawValue] != nil {
                settings.setPersistentDisk(diskCID.rawValue, hint: nil)
                try settings.save(path: settingsPath)
            } else {
                Self.log("disk \(diskCID) was not attached to VM \(vmCID)")
            }
            if disk.attachedTo == vmCID.rawValue {
                disk.attachedTo = nil
                try root.write(disk, .disks, diskCID.rawValue)
            }
            Self.log("detached disk \(diskCID) from VM \(vmCID)")
        }
    }

    /// Stores the metadata in the disk's record.
    func handle(_ message: SetDiskMetadataArguments) async throws {
        try await setMetadata(message.metadata, of: DiskRecord.self, message.cid.rawValue)
    }

    /// `get_disks`: the CIDs of the disks attached to the VM, sorted.
    func handle(_ message: GetDisksArguments) async throws -> [DiskCID] {
        let vmCID = message.cid
        return try await locked { _, root in
            _ = try Self.vmRecord(vmCID.rawValue, root)
            guard let vmDirectory = root.resource(.vms, vmCID.rawValue) else {
                throw CPIResponseError.vmNotFound(vmCID.rawValue)
            }
            return try AgentSettingsDocument.load(path: Self.settingsPath(vmDirectory)).persistentDisks.keys.sorted()
                .map { DiskCID($0) }
        }
    }

    /// The record of a disk: `DiskNotFound` when absent, `CloudError` when incomplete.
    static func diskRecord(_ cid: String, _ root: CloudRoot) throws -> DiskRecord {
        try record(DiskRecord.self, cid, root)
    }
}

import CPIProtocol
import DeployerSupport

/// A `Cloud` that passes every call through `FaultInjection` (counted, traced, maybe killed).
struct FaultInjectingCloud: Cloud {
    let base: any Cloud
    let faults: FaultInjection

    func info() async throws -> CPIInfo {
        try await faults.around("cpi info") { try await base.info() }
    }

    func createStemcell(imagePath: String, cloudProperties: JSONValue) async throws -> StemcellCID {
        try await faults.around("cpi create_stemcell") {
            try await base.createStemcell(imagePath: imagePath, cloudProperties: cloudProperties)
        }
    }

    func deleteStemcell(_ cid: StemcellCID) async throws {
        try await faults.around("cpi delete_stemcell") { try await base.deleteStemcell(cid) }
    }

    func createVM(_ arguments: CreateVMArguments) async throws -> CreatedVM {
        try await faults.around("cpi create_vm") { try await base.createVM(arguments) }
    }

    func deleteVM(_ cid: VMCID) async throws {
        try await faults.around("cpi delete_vm") { try await base.deleteVM(cid) }
    }

    func hasVM(_ cid: VMCID) async throws -> Bool {
        try await faults.around("cpi has_vm") { try await base.hasVM(cid) }
    }

    func setVMMetadata(_ cid: VMCID, metadata: [String: String]) async throws {
        try await faults.around("cpi set_vm_metadata") { try await base.setVMMetadata(cid, metadata: metadata) }
    }

    func createDisk(sizeMiB: Int, cloudProperties: JSONValue, vmCID: VMCID) async throws -> DiskCID {
        try await faults.around("cpi create_disk") {
            try await base.createDisk(sizeMiB: sizeMiB, cloudProperties: cloudProperties, vmCID: vmCID)
        }
    }

    func deleteDisk(_ cid: DiskCID) async throws {
        try await faults.around("cpi delete_disk") { try await base.deleteDisk(cid) }
    }

    func attachDisk(vmCID: VMCID, diskCID: DiskCID) async throws -> JSONValue? {
        try await faults.around("cpi attach_disk") { try await base.attachDisk(vmCID: vmCID, diskCID: diskCID) }
    }

    func detachDisk(vmCID: VMCID, diskCID: DiskCID) async throws {
        try await faults.around("cpi detach_disk") { try await base.detachDisk(vmCID: vmCID, diskCID: diskCID) }
    }

    func setDiskMetadata(_ cid: DiskCID, metadata: [String: String]) async throws {
        try await faults.around("cpi set_disk_metadata") { try await base.setDiskMetadata(cid, metadata: metadata) }
    }
}

/// The CPI methods bosh-cli's create-env and delete-env call, by their wire names.
public enum CPIMethod: String, Sendable, Codable, CaseIterable {
    case info
    case createStemcell = "create_stemcell"
    case deleteStemcell = "delete_stemcell"
    case createVM = "create_vm"
    case deleteVM = "delete_vm"
    case hasVM = "has_vm"
    case rebootVM = "reboot_vm"
    case setVMMetadata = "set_vm_metadata"
    case createDisk = "create_disk"
    case deleteDisk = "delete_disk"
    case hasDisk = "has_disk"
    case attachDisk = "attach_disk"
    case detachDisk = "detach_disk"
    case setDiskMetadata = "set_disk_metadata"
    case getDisks = "get_disks"

    /// The message that defines the method: what `CPIServer` decodes a request of this
    /// method into. Exhaustive, so a new method cannot go without one.
    public var messageType: any CPIMessage.Type {
        switch self {
        case .info: InfoArguments.self
        case .createStemcell: CreateStemcellArguments.self
        case .deleteStemcell: DeleteStemcellArguments.self
        case .createVM: CreateVMArguments.self
        case .deleteVM: DeleteVMArguments.self
        case .hasVM: HasVMArguments.self
        case .rebootVM: RebootVMArguments.self
        case .setVMMetadata: SetVMMetadataArguments.self
        case .createDisk: CreateDiskArguments.self
        case .deleteDisk: DeleteDiskArguments.self
        case .hasDisk: HasDiskArguments.self
        case .attachDisk: AttachDiskArguments.self
        case .detachDisk: DetachDiskArguments.self
        case .setDiskMetadata: SetDiskMetadataArguments.self
        case .getDisks: GetDisksArguments.self
        }
    }
}

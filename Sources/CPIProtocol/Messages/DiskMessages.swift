import DeployerSupport

/// `create_disk`: `[size, cloud_properties, vm_cid]`, answered with the disk's CID.
public struct CreateDiskArguments: CPIMessage {
    public typealias Result = DiskCID
    public static let method = CPIMethod.createDisk

    /// The size in MiB.
    public var sizeMiB: Int
    /// The disk pool's / disk type's `cloud_properties`.
    public var cloudProperties: JSONValue
    /// The VM the disk will be attached to (a placement hint).
    public var vmCID: VMCID

    /// Creates the message.
    public init(sizeMiB: Int, cloudProperties: JSONValue, vmCID: VMCID) {
        self.sizeMiB = sizeMiB
        self.cloudProperties = cloudProperties
        self.vmCID = vmCID
    }

    public var wireArguments: [JSONValue] { [.int(sizeMiB), cloudProperties, .string(vmCID.rawValue)] }

    public init(wireArguments: [JSONValue]) throws(CPIResponseError) {
        let reader = Self.reader(wireArguments)
        self.init(sizeMiB: try reader.int(0, "size"), cloudProperties: reader.optional(1), vmCID: try reader.cid(2))
    }
}

/// `delete_disk`: DiskNotFound when it is already gone.
public struct DeleteDiskArguments: CPICIDMessage {
    public typealias Result = Void
    public static let method = CPIMethod.deleteDisk
    public var cid: DiskCID
    public init(_ cid: DiskCID) { self.cid = cid }
}

/// `has_disk` (optional; the Director's cloud check uses it, bosh-cli does not).
public struct HasDiskArguments: CPICIDMessage {
    public typealias Result = Bool
    public static let method = CPIMethod.hasDisk
    public var cid: DiskCID
    public init(_ cid: DiskCID) { self.cid = cid }
}

/// `attach_disk`, answered by a v2 CPI with the disk hint the agent needs to find the disk.
public struct AttachDiskArguments: CPIDiskAttachmentMessage {
    /// The hint; `nil` from a v1 CPI (bosh-cli reads none) or when the CPI returned null.
    public typealias Result = JSONValue?
    public static let method = CPIMethod.attachDisk
    public var vmCID: VMCID
    public var diskCID: DiskCID

    public init(vmCID: VMCID, diskCID: DiskCID) {
        self.vmCID = vmCID
        self.diskCID = diskCID
    }

    public static func result(fromWire result: JSONValue, apiVersion: Int) throws(CPIError) -> JSONValue? {
        // v1 CPIs return nothing useful; bosh-cli only reads the hint under the v2 contract.
        guard apiVersion >= 2, !result.isNull else { return nil }
        return result
    }

    public static func wireResult(_ result: JSONValue?, apiVersion: Int) -> JSONValue {
        apiVersion >= 2 ? (result ?? .null) : .null
    }
}

/// `detach_disk`.
public struct DetachDiskArguments: CPIDiskAttachmentMessage {
    public typealias Result = Void
    public static let method = CPIMethod.detachDisk
    public var vmCID: VMCID
    public var diskCID: DiskCID

    public init(vmCID: VMCID, diskCID: DiskCID) {
        self.vmCID = vmCID
        self.diskCID = diskCID
    }
}

/// `set_disk_metadata` (optional: callers tolerate NotImplemented).
public struct SetDiskMetadataArguments: CPIMetadataMessage {
    public typealias Result = Void
    public static let method = CPIMethod.setDiskMetadata
    public var cid: DiskCID
    public var metadata: [String: String]

    public init(_ cid: DiskCID, metadata: [String: String]) {
        self.cid = cid
        self.metadata = metadata
    }
}

/// `get_disks`: the CIDs of the disks attached to a VM (the Director's; bosh-cli does not call it).
public struct GetDisksArguments: CPICIDMessage {
    public typealias Result = [DiskCID]
    public static let method = CPIMethod.getDisks
    public var cid: VMCID
    public init(_ cid: VMCID) { self.cid = cid }

    public static func result(fromWire result: JSONValue, apiVersion: Int) throws(CPIError) -> [DiskCID] {
        var cids: [DiskCID] = []
        for element in result.arrayValue ?? [.null] {
            guard let cid = element.stringValue else {
                throw .unexpected(method, result, expected: "an array of disk CID strings")
            }
            cids.append(DiskCID(cid))
        }
        return cids
    }

    public static func wireResult(_ result: [DiskCID], apiVersion: Int) -> JSONValue {
        .array(result.map { .string($0.rawValue) })
    }
}

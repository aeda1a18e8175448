import DeployerSupport

// The argument lists several methods share. A message of one of these shapes only names its
// method, its result and its fields; the wire coding is written once, here.

/// A method whose only argument is a CID: `[cid]` (`delete_vm`, `has_disk`, ...).
public protocol CPICIDMessage: CPIMessage {
    /// What kind of resource the CID names.
    associatedtype Resource: CloudResource
    /// The resource acted on.
    var cid: CloudID<Resource> { get }
    /// Creates the message for `cid`.
    init(_ cid: CloudID<Resource>)
}

extension CPICIDMessage {
    public var wireArguments: [JSONValue] { [.string(cid.rawValue)] }

    public init(wireArguments: [JSONValue]) throws(CPIResponseError) {
        self.init(try Self.reader(wireArguments).cid(0))
    }
}

/// `set_vm_metadata` and `set_disk_metadata`: `[cid, {string: string}]`.
public protocol CPIMetadataMessage: CPIMessage where Result == Void {
    /// What kind of resource the CID names.
    associatedtype Resource: CloudResource
    /// The resource to label.
    var cid: CloudID<Resource> { get }
    /// The labels (bosh-cli sends strings only).
    var metadata: [String: String] { get }
    /// Creates the message.
    init(_ cid: CloudID<Resource>, metadata: [String: String])
}

extension CPIMetadataMessage {
    public var wireArguments: [JSONValue] {
        [.string(cid.rawValue), .object(metadata.mapValues(JSONValue.string))]
    }

    public init(wireArguments: [JSONValue]) throws(CPIResponseError) {
        let reader = Self.reader(wireArguments)
        self.init(try reader.cid(0), metadata: try reader.stringMap(1, "metadata"))
    }
}

/// `attach_disk` and `detach_disk`: `[vm_cid, disk_cid]`.
public protocol CPIDiskAttachmentMessage: CPIMessage {
    /// The VM the disk is attached to.
    var vmCID: VMCID { get }
    /// The disk.
    var diskCID: DiskCID { get }
    /// Creates the message.
    init(vmCID: VMCID, diskCID: DiskCID)
}

extension CPIDiskAttachmentMessage {
    public var wireArguments: [JSONValue] { [.string(vmCID.rawValue), .string(diskCID.rawValue)] }

    public init(wireArguments: [JSONValue]) throws(CPIResponseError) {
        let reader = Self.reader(wireArguments)
        self.init(vmCID: try reader.cid(0), diskCID: try reader.cid(1))
    }
}

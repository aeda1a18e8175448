import DeployerSupport

/// A kind of cloud resource a CPI names. The kinds only tag `CloudID` so IDs cannot be mixed
/// up, and say how the protocol names them, so every message reads and reports a CID alike.
public protocol CloudResource: Sendable {
    /// The resource in error messages: `VM`, `disk`, `stemcell` (as in bosh-cli's).
    static var kind: String { get }
    /// The name of a CPI argument holding such a CID (`vm_cid`, ...), named in `InvalidCall` errors.
    static var argumentName: String { get }
}

/// Tags the CID of a VM.
public enum VMResource: CloudResource {
    public static let kind = "VM"
    public static let argumentName = "vm_cid"
}

/// Tags the CID of a persistent disk.
public enum DiskResource: CloudResource {
    public static let kind = "disk"
    public static let argumentName = "disk_cid"
}

/// Tags the CID of a stemcell.
public enum StemcellResource: CloudResource {
    public static let kind = "stemcell"
    public static let argumentName = "stemcell_cid"
}

/// The cloud ID of a VM, as returned by `create_vm`.
public typealias VMCID = CloudID<VMResource>
/// The cloud ID of a persistent disk, as returned by `create_disk`.
public typealias DiskCID = CloudID<DiskResource>
/// The cloud ID of an uploaded stemcell, as returned by `create_stemcell`.
public typealias StemcellCID = CloudID<StemcellResource>

/// An identifier the cloud (the CPI) gave a resource, encoded as a plain JSON string. The
/// `Resource` tag keeps a disk's ID from being passed where a VM's is expected.
/// No cloud resource may ever be acted on by an empty CID (`isEmpty`).
public struct CloudID<Resource>: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

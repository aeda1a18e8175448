import CPIProtocol
import DeployerSupport

/// The arguments of `add_persistent_disk`: `[cid, hint]`.
public struct AddPersistentDiskArguments: Sendable, Hashable {
    /// The disk's CID.
    public var diskCID: DiskCID
    /// What CPI `attach_disk` returned: where the disk appears on the VM.
    public var hint: AgentJSON

    /// Creates the arguments.
    public init(diskCID: DiskCID, hint: AgentJSON) {
        self.diskCID = diskCID
        self.hint = hint
    }

    func encoded() -> [AgentJSON] {
        [.string(diskCID.rawValue), hint]
    }

    init(decoding arguments: PositionalArguments) throws {
        diskCID = DiskCID(try arguments.string(0))
        try arguments.require(2)
        hint = arguments.values[1]
    }
}

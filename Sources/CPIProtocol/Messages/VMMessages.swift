import DeployerSupport

/// `create_vm`: `[agent_id, stemcell_cid, cloud_properties, networks, disk_cids, env]`,
/// answered with the VM's CID (and, from a v2 CPI, its networks).
public struct CreateVMArguments: CPIMessage {
    public typealias Result = CreatedVM
    public static let method = CPIMethod.createVM

    /// A fresh UUID per VM; the agent identifies itself with it.
    public var agentID: String
    /// The stemcell to boot.
    public var stemcellCID: StemcellCID
    /// The resource pool's / VM type's `cloud_properties`.
    public var cloudProperties: JSONValue
    /// Network name → settings (`type`, `ip`, `netmask`, `gateway`, `dns`, `default`, `cloud_properties`).
    public var networks: JSONValue
    /// All disk CIDs in the state file (placement hint).
    public var diskCIDs: [DiskCID]
    /// The resource pool's `env` (with `bosh.tags` when the manifest has tags).
    public var environment: JSONValue

    /// Creates `create_vm` arguments.
    public init(
        agentID: String, stemcellCID: StemcellCID, cloudProperties: JSONValue = [:], networks: JSONValue = [:],
        diskCIDs: [DiskCID] = [], environment: JSONValue = [:]
    ) {
        self.agentID = agentID
        self.stemcellCID = stemcellCID
        self.cloudProperties = cloudProperties
        self.networks = networks
        self.diskCIDs = diskCIDs
        self.environment = environment
    }

    public var wireArguments: [JSONValue] {
        [
            .string(agentID), .string(stemcellCID.rawValue), cloudProperties, networks,
            .array(diskCIDs.map { .string($0.rawValue) }), environment,
        ]
    }

    public init(wireArguments arguments: [JSONValue]) throws(CPIResponseError) {
        let reader = Self.reader(arguments)
        agentID = try reader.string(0, "agent_id")
        stemcellCID = try reader.cid(1)
        cloudProperties = reader.optional(2)
        networks = reader.optional(3)
        diskCIDs = try reader.stringArray(4, "disk_cids").map { DiskCID($0) }
        environment = reader.optional(5)
    }
}

/// What `create_vm` returned.
public struct CreatedVM: Hashable, CPIWireResult {
    /// The new VM's CID.
    public var cid: VMCID
    /// The networks as the CPI configured them (API v2 only).
    public var networks: JSONValue?

    /// Creates a result.
    public init(cid: VMCID, networks: JSONValue? = nil) {
        self.cid = cid
        self.networks = networks
    }

    /// Reads the result the way bosh-cli does: a string for v1; an array whose first element
    /// is the CID string for v2.
    ///
    /// - Throws: `CPIError.unexpectedResult` for any other shape.
    public init(result: JSONValue, apiVersion: Int) throws(CPIError) {
        if apiVersion >= 2 {
            guard let array = result.arrayValue, let cid = array.first?.stringValue else {
                throw .unexpected(.createVM, result, expected: "[vm_cid, networks]")
            }
            self.init(cid: VMCID(cid), networks: array.count > 1 ? array[1] : nil)
        } else {
            guard let cid = result.stringValue else {
                throw .unexpected(.createVM, result, expected: "a VM CID string")
            }
            self.init(cid: VMCID(cid))
        }
    }

    public init(wireResult result: JSONValue, of method: CPIMethod, apiVersion: Int) throws(CPIError) {
        try self.init(result: result, apiVersion: apiVersion)
    }

    /// The wire result: `[cid, networks]` for v2 (always two elements), the CID for v1.
    public func wireResult(apiVersion: Int) -> JSONValue {
        apiVersion >= 2 ? .array([.string(cid.rawValue), networks ?? .object([:])]) : .string(cid.rawValue)
    }
}

/// `delete_vm`: VMNotFound when it is already gone.
public struct DeleteVMArguments: CPICIDMessage {
    public typealias Result = Void
    public static let method = CPIMethod.deleteVM
    public var cid: VMCID
    public init(_ cid: VMCID) { self.cid = cid }
}

/// `has_vm`: whether the VM exists.
public struct HasVMArguments: CPICIDMessage {
    public typealias Result = Bool
    public static let method = CPIMethod.hasVM
    public var cid: VMCID
    public init(_ cid: VMCID) { self.cid = cid }
}

/// `reboot_vm` (optional; the Director's, bosh-cli does not call it).
public struct RebootVMArguments: CPICIDMessage {
    public typealias Result = Void
    public static let method = CPIMethod.rebootVM
    public var cid: VMCID
    public init(_ cid: VMCID) { self.cid = cid }
}

/// `set_vm_metadata` (optional: callers tolerate NotImplemented).
public struct SetVMMetadataArguments: CPIMetadataMessage {
    public typealias Result = Void
    public static let method = CPIMethod.setVMMetadata
    public var cid: VMCID
    public var metadata: [String: String]

    public init(_ cid: VMCID, metadata: [String: String]) {
        self.cid = cid
        self.metadata = metadata
    }
}

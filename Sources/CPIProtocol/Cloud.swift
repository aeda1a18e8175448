import DeployerSupport

/// The typed CPI surface create-env and delete-env use (bosh-cli's `cloud.Cloud`).
///
/// `ExternalCPICloud` implements it over a CPI executable; tests use in-memory doubles.
/// Errors are `CPIError`; callers decide which types they tolerate (`delete_vm` + VMNotFound,
/// `set_*_metadata` + NotImplemented, ...), as bosh-cli does.
public protocol Cloud: Sendable {
    /// `info`: the CPI's API version (uncapped) and stemcell formats. A CPI that answers
    /// NotImplemented is reported as API version 1 with no formats.
    func info() async throws -> CPIInfo
    /// `create_stemcell`: uploads the stemcell image at `imagePath`.
    func createStemcell(imagePath: String, cloudProperties: JSONValue) async throws -> StemcellCID
    /// `delete_stemcell`.
    func deleteStemcell(_ cid: StemcellCID) async throws
    /// `create_vm`: the VM CID (and, from a v2 CPI, its networks).
    func createVM(_ arguments: CreateVMArguments) async throws -> CreatedVM
    /// `delete_vm`.
    func deleteVM(_ cid: VMCID) async throws
    /// `has_vm`.
    func hasVM(_ cid: VMCID) async throws -> Bool
    /// `set_vm_metadata` (string → string).
    func setVMMetadata(_ cid: VMCID, metadata: [String: String]) async throws
    /// `create_disk`: `sizeMiB` MiB, placed near `vmCID`.
    func createDisk(sizeMiB: Int, cloudProperties: JSONValue, vmCID: VMCID) async throws -> DiskCID
    /// `delete_disk`.
    func deleteDisk(_ cid: DiskCID) async throws
    /// `attach_disk`: the disk hint from a v2 CPI (`nil` from v1, or when the CPI returned null).
    func attachDisk(vmCID: VMCID, diskCID: DiskCID) async throws -> JSONValue?
    /// `detach_disk`.
    func detachDisk(vmCID: VMCID, diskCID: DiskCID) async throws
    /// `set_disk_metadata` (string → string).
    func setDiskMetadata(_ cid: DiskCID, metadata: [String: String]) async throws
}

/// The arguments of `create_vm`, in wire order.
public struct CreateVMArguments: Hashable, Sendable {
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

    /// `[agent_id, stemcell_cid, cloud_properties, networks, disk_cids, env]`.
    public var wireArguments: [JSONValue] {
        [
            .string(agentID), .string(stemcellCID.rawValue), cloudProperties, networks,
            .array(diskCIDs.map { .string($0.rawValue) }), environment,
        ]
    }

    /// Reads the wire arguments (for a CPI written with `CPIServer`).
    ///
    /// - Throws: `CPIResponseError` of type `InvalidCall` naming the bad argument.
    public init(wireArguments arguments: [JSONValue]) throws(CPIResponseError) {
        let reader = CPIArgumentReader(method: .createVM, arguments: arguments)
        agentID = try reader.string(0, "agent_id")
        stemcellCID = StemcellCID(try reader.string(1, "stemcell_cid"))
        cloudProperties = reader.optional(2)
        networks = reader.optional(3)
        diskCIDs = try reader.stringArray(4, "disk_cids").map { DiskCID($0) }
        environment = reader.optional(5)
    }
}

/// What `create_vm` returned.
public struct CreatedVM: Hashable, Sendable {
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
                throw .unexpectedResult(
                    method: CPIMethod.createVM.rawValue, expected: "[vm_cid, networks]",
                    excerpt: CPIRedactor.excerpt(result.jsonText))
            }
            self.init(cid: VMCID(cid), networks: array.count > 1 ? array[1] : nil)
        } else {
            guard let cid = result.stringValue else {
                throw .unexpectedResult(
                    method: CPIMethod.createVM.rawValue, expected: "a VM CID string",
                    excerpt: CPIRedactor.excerpt(result.jsonText))
            }
            self.init(cid: VMCID(cid))
        }
    }

    /// The wire result: `[cid, networks]` for v2 (always two elements), the CID for v1.
    public func wireResult(apiVersion: Int) -> JSONValue {
        apiVersion >= 2 ? .array([.string(cid.rawValue), networks ?? .object([:])]) : .string(cid.rawValue)
    }
}

import DeployerSupport
import Synchronization

/// The methods a CPI written in Swift implements; `CPIServer` decodes requests and calls them.
///
/// Throw `CPIResponseError` to answer with a specific type (`VMNotFound`, `DiskNotFound`...);
/// any other error becomes a `Bosh::Clouds::CloudError` with the error's description.
/// The optional methods default to `Bosh::Clouds::NotImplemented`, which bosh-cli tolerates for
/// the metadata calls.
public protocol CPIHandler: Sendable {
    /// `info`.
    func info(_ call: CPICall) async throws -> CPIInfo
    /// `create_stemcell`.
    func createStemcell(imagePath: String, cloudProperties: JSONValue, _ call: CPICall) async throws -> StemcellCID
    /// `delete_stemcell`.
    func deleteStemcell(_ cid: StemcellCID, _ call: CPICall) async throws
    /// `create_vm`. For an API v1 request only the CID goes back on the wire.
    func createVM(_ arguments: CreateVMArguments, _ call: CPICall) async throws -> CreatedVM
    /// `delete_vm`; throw `VMNotFound` when the VM is already gone.
    func deleteVM(_ cid: VMCID, _ call: CPICall) async throws
    /// `has_vm`.
    func hasVM(_ cid: VMCID, _ call: CPICall) async throws -> Bool
    /// `create_disk`.
    func createDisk(sizeMiB: Int, cloudProperties: JSONValue, vmCID: VMCID, _ call: CPICall) async throws -> DiskCID
    /// `delete_disk`; throw `DiskNotFound` when the disk is already gone.
    func deleteDisk(_ cid: DiskCID, _ call: CPICall) async throws
    /// `attach_disk`: the disk hint (sent only for API v2 requests).
    func attachDisk(vmCID: VMCID, diskCID: DiskCID, _ call: CPICall) async throws -> JSONValue?
    /// `detach_disk`.
    func detachDisk(vmCID: VMCID, diskCID: DiskCID, _ call: CPICall) async throws
    /// `set_vm_metadata` (optional).
    func setVMMetadata(_ cid: VMCID, metadata: [String: String], _ call: CPICall) async throws
    /// `set_disk_metadata` (optional).
    func setDiskMetadata(_ cid: DiskCID, metadata: [String: String], _ call: CPICall) async throws
    /// `has_disk` (optional; the Director's cloud check uses it, bosh-cli does not).
    func hasDisk(_ cid: DiskCID, _ call: CPICall) async throws -> Bool
    /// `reboot_vm` (optional; Director only).
    func rebootVM(_ cid: VMCID, _ call: CPICall) async throws
}

extension CPIHandler {
    public func setVMMetadata(_ cid: VMCID, metadata: [String: String], _ call: CPICall) async throws {
        throw CPIResponseError.notImplemented(.setVMMetadata)
    }

    public func setDiskMetadata(_ cid: DiskCID, metadata: [String: String], _ call: CPICall) async throws {
        throw CPIResponseError.notImplemented(.setDiskMetadata)
    }

    public func hasDisk(_ cid: DiskCID, _ call: CPICall) async throws -> Bool {
        throw CPIResponseError.notImplemented(.hasDisk)
    }

    public func rebootVM(_ cid: VMCID, _ call: CPICall) async throws {
        throw CPIResponseError.notImplemented(.rebootVM)
    }
}

extension CPIResponseError {
    /// `Bosh::Clouds::NotImplemented` for `method`.
    public static func notImplemented(_ method: CPIMethod) -> CPIResponseError {
        CPIResponseError(type: .notImplemented, message: "\(method.rawValue) is not implemented")
    }
}

/// What a handler knows about the call it serves, and where it writes its log.
public struct CPICall: Sendable {
    /// The request's context (director UUID, stemcell API version, ...).
    public let context: CPIContext
    /// The request's `api_version` (1 when absent).
    public let apiVersion: Int
    /// Lines collected into the response's `log`.
    public let log: CPILog

    /// Creates a call description.
    public init(context: CPIContext, apiVersion: Int, log: CPILog = CPILog()) {
        self.context = context
        self.apiVersion = apiVersion
        self.log = log
    }
}

/// Collects the log lines of one CPI call for the response's `log` field.
public final class CPILog: Sendable {
    private let lines = Mutex<[String]>([])

    /// Creates an empty log.
    public init() {}

    /// Appends a line.
    public func write(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    /// All lines, newline-terminated.
    public var text: String {
        lines.withLock { $0.map { $0 + "\n" }.joined() }
    }
}

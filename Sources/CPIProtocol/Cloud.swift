import DeployerSupport

/// The typed CPI surface (bosh-cli's `cloud.Cloud`), on both sides of the wire: one entry
/// point, `send`, that takes any `CPIMessage` and returns its typed result.
///
/// `ExternalCPICloud` implements it over a CPI executable; a CPI written in Swift (`LocalCloud`)
/// and the tests' doubles implement it through `CPIHandler`, and `CPIServer` serves any `Cloud`
/// over the wire. The named methods below (`createVM`, `hasVM`, ...) are conveniences over `send`.
/// Errors are `CPIError` from a client, and `CPIResponseError` (the wire's error) from a
/// handler; callers decide which types they tolerate (`delete_vm` + VMNotFound,
/// `set_*_metadata` + NotImplemented, ...), as bosh-cli does.
public protocol Cloud: Sendable {
    /// Calls the CPI method `message` defines.
    ///
    /// - Throws: `CPIError` (a client), `CPIResponseError` or any error (a handler).
    func send<Message: CPIMessage>(_ message: Message) async throws -> Message.Result
}

extension Cloud {
    /// `info`: the CPI's API version (uncapped) and stemcell formats. `ExternalCPICloud` reports
    /// a CPI that answers NotImplemented as API version 1 with no formats.
    public func info() async throws -> CPIInfo {
        try await send(InfoArguments())
    }

    /// `create_stemcell`: uploads the stemcell image at `imagePath`.
    public func createStemcell(imagePath: String, cloudProperties: JSONValue) async throws -> StemcellCID {
        try await send(CreateStemcellArguments(imagePath: imagePath, cloudProperties: cloudProperties))
    }

    /// `delete_stemcell`.
    public func deleteStemcell(_ cid: StemcellCID) async throws {
        try await send(DeleteStemcellArguments(cid))
    }

    /// `create_vm`: the VM CID (and, from a v2 CPI, its networks).
    public func createVM(_ arguments: CreateVMArguments) async throws -> CreatedVM {
        try await send(arguments)
    }

    /// `delete_vm`.
    public func deleteVM(_ cid: VMCID) async throws {
        try await send(DeleteVMArguments(cid))
    }

    /// `has_vm`.
    public func hasVM(_ cid: VMCID) async throws -> Bool {
        try await send(HasVMArguments(cid))
    }

    /// `has_disk`.
    public func hasDisk(_ cid: DiskCID) async throws -> Bool {
        try await send(HasDiskArguments(cid))
    }

    /// `set_vm_metadata` (string → string).
    public func setVMMetadata(_ cid: VMCID, metadata: [String: String]) async throws {
        try await send(SetVMMetadataArguments(cid, metadata: metadata))
    }

    /// `create_disk`: `sizeMiB` MiB, placed near `vmCID`.
    public func createDisk(sizeMiB: Int, cloudProperties: JSONValue, vmCID: VMCID) async throws -> DiskCID {
        try await send(CreateDiskArguments(sizeMiB: sizeMiB, cloudProperties: cloudProperties, vmCID: vmCID))
    }

    /// `delete_disk`.
    public func deleteDisk(_ cid: DiskCID) async throws {
        try await send(DeleteDiskArguments(cid))
    }

    /// `attach_disk`: the disk hint from a v2 CPI (`nil` from v1, or when the CPI returned null).
    public func attachDisk(vmCID: VMCID, diskCID: DiskCID) async throws -> JSONValue? {
        try await send(AttachDiskArguments(vmCID: vmCID, diskCID: diskCID))
    }

    /// `detach_disk`.
    public func detachDisk(vmCID: VMCID, diskCID: DiskCID) async throws {
        try await send(DetachDiskArguments(vmCID: vmCID, diskCID: diskCID))
    }

    /// `set_disk_metadata` (string → string).
    public func setDiskMetadata(_ cid: DiskCID, metadata: [String: String]) async throws {
        try await send(SetDiskMetadataArguments(cid, metadata: metadata))
    }
}

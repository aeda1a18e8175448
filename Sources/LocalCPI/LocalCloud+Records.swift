import CPIProtocol

/// A record of a VM or a disk: read by CID with the not-found error of its kind, and
/// carrying the metadata its `set_*_metadata` call replaces.
protocol TaggableRecord: Codable {
    /// The resource directory the record lives in.
    static var kind: CloudRoot.Kind { get }
    /// How messages name the resource (`VM`, `disk`).
    static var noun: String { get }
    /// The CPI method that makes the resource, named in the "incomplete" error.
    static var createMethod: String { get }
    /// The CPI error for a CID that does not exist (`VMNotFound`, `DiskNotFound`).
    static func notFound(_ cid: String) -> CPIResponseError
    /// The metadata of the last `set_*_metadata` call.
    var metadata: [String: String] { get set }
}

extension VMRecord: TaggableRecord {
    static var kind: CloudRoot.Kind { .vms }
    static var noun: String { "VM" }
    static var createMethod: String { "create_vm" }
    static func notFound(_ cid: String) -> CPIResponseError { .vmNotFound(cid) }
}

extension DiskRecord: TaggableRecord {
    static var kind: CloudRoot.Kind { .disks }
    static var noun: String { "disk" }
    static var createMethod: String { "create_disk" }
    static func notFound(_ cid: String) -> CPIResponseError { .diskNotFound(cid) }
}

extension LocalCloud {
    /// The record of a VM or disk: its not-found error when absent, `CloudError` when
    /// incomplete (the directory exists but its record was never written).
    static func record<Record: TaggableRecord>(_ type: Record.Type, _ cid: String, _ root: CloudRoot) throws -> Record {
        guard root.exists(Record.kind, cid) else { throw Record.notFound(cid) }
        guard let record = try root.read(Record.self, Record.kind, cid) else {
            throw CPIResponseError.cloud(
                "\(Record.noun) '\(cid)' is incomplete (an interrupted \(Record.createMethod)); delete it")
        }
        return record
    }

    /// `set_vm_metadata` and `set_disk_metadata`: the metadata replaces the record's.
    func setMetadata<Record: TaggableRecord>(
        _ metadata: [String: String], of type: Record.Type, _ cid: String
    ) async throws {
        try await locked { _, root in
            var record = try Self.record(Record.self, cid, root)
            record.metadata = metadata
            try root.write(record, Record.kind, cid)
        }
    }
}

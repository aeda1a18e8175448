import CPIProtocol

/// A state record of something the CPI made (a stemcell or a disk), which the state can make
/// current and remove by CID with one piece of code.
protocol CloudResourceRecord {
    /// The CID type of the resource.
    associatedtype CID: Equatable
    /// The record's id (a UUID), which `current_*_id` names.
    var id: String { get }
    /// The resource's CID.
    var cid: CID { get }
}

extension StemcellRecord: CloudResourceRecord {}
extension DiskRecord: CloudResourceRecord {}

extension DeploymentState {
    /// Makes the record `id` of `records` current in `current`.
    /// - Throws: `StateError.unknownRecord` when no record has that id.
    mutating func makeCurrent<Record: CloudResourceRecord>(
        _ id: String, of records: KeyPath<Self, [Record]>, in current: WritableKeyPath<Self, String?>,
        resource: String
    ) throws {
        guard self[keyPath: records].contains(where: { $0.id == id }) else {
            throw StateError.unknownRecord(resource: resource, id: id)
        }
        self[keyPath: current] = id
    }

    /// Removes the record with this CID from `records`, and clears `current` when it named it.
    /// - Returns: the removed record, or nil when none had that CID.
    mutating func removeRecord<Record: CloudResourceRecord>(
        cid: Record.CID, from records: WritableKeyPath<Self, [Record]>, current: WritableKeyPath<Self, String?>
    ) -> Record? {
        guard let index = self[keyPath: records].firstIndex(where: { $0.cid == cid }) else { return nil }
        let record = self[keyPath: records].remove(at: index)
        if self[keyPath: current] == record.id { self[keyPath: current] = nil }
        return record
    }
}

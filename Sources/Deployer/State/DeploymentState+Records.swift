import CPIProtocol
import DeployerSupport

/// Queries and the typed changes the orchestrator makes, on the value itself. Each change
/// mirrors a bosh-cli repo call (`config/{vm,stemcell,disk,release,deployment}_repo.go`)
/// and refuses what would corrupt the inventory: empty CIDs, duplicates, dangling ids.
extension DeploymentState {
    // MARK: Queries

    /// The cloud resources this state records, worded for people (`VM 'vm-1'`,
    /// `disk 'disk-2'`, `stemcell 'sc-3'`), in that order.
    public var resourceNames: [String] {
        var names: [String] = []
        if let vm = currentVMCID { names.append("VM '\(vm.rawValue)'") }
        names += disks.compactMap { $0.cid.rawValue.isEmpty ? nil : "disk '\($0.cid.rawValue)'" }
        names += stemcells.compactMap { $0.cid.rawValue.isEmpty ? nil : "stemcell '\($0.cid.rawValue)'" }
        return names
    }

    /// The record of the stemcell the current VM runs, if any.
    public var currentStemcell: StemcellRecord? {
        guard let id = currentStemcellID else { return nil }
        return stemcells.first { $0.id == id }
    }

    /// The record of the disk attached to the current VM, if any.
    public var currentDisk: DiskRecord? {
        guard let id = currentDiskID else { return nil }
        return disks.first { $0.id == id }
    }

    /// The stemcell record with this name and version (bosh-cli's "already uploaded" check).
    public func stemcell(name: String, version: String) -> StemcellRecord? {
        stemcells.first { $0.name == name && $0.version == version }
    }

    /// The disk record with this CID.
    public func disk(cid: DiskCID) -> DiskRecord? {
        disks.first { $0.cid == cid }
    }

    /// Stemcells safe to delete: every record except the current one. Records with an empty
    /// CID are left out too, since nothing in the cloud can be deleted by them.
    public func unusedStemcells() -> [StemcellRecord] {
        stemcells.filter { $0.id != currentStemcellID && !$0.cid.isEmpty }
    }

    /// Disks safe to delete: every record except the current one (leftovers of a failed
    /// migration). Records with an empty CID are left out too.
    public func unusedDisks() -> [DiskRecord] {
        disks.filter { $0.id != currentDiskID && !$0.cid.isEmpty }
    }

    // MARK: VM

    /// Records the VM right after `create_vm`, which is then no longer pending.
    /// - Throws: `StateError.emptyCID` for an empty CID.
    public mutating func recordVM(_ cid: VMCID) throws {
        guard !cid.isEmpty else { throw StateError.emptyCID(resource: "VM", operation: "Recording VM") }
        currentVMCID = cid
        deployer.pendingVM = nil
    }

    /// Forgets the VM after `delete_vm` (or VMNotFound); the current stemcell goes with it, as
    /// in bosh-cli's `vm.Delete`.
    public mutating func clearVM() {
        currentVMCID = nil
        currentStemcellID = nil
    }

    // MARK: Stemcells

    /// Appends a record right after `create_stemcell`.
    /// - Throws: `StateError.emptyCID`, or `.duplicateRecord` when the name/version or the CID
    ///   is already recorded.
    @discardableResult
    public mutating func recordStemcell(
        id: String, name: String, version: String, apiVersion: Int?,
        cid: StemcellCID
    ) throws -> StemcellRecord {
        guard !cid.isEmpty else {
            throw StateError.emptyCID(resource: "stemcell", operation: "Recording stemcell '\(name)/\(version)'")
        }
        if let existing = stemcell(name: name, version: version) {
            throw StateError.duplicateRecord(
                resource: "stemcell", identity: "'\(name)/\(version)'", existingID: existing.id)
        }
        if let existing = stemcells.first(where: { $0.cid == cid }) {
            throw StateError.duplicateRecord(resource: "stemcell", identity: "CID '\(cid)'", existingID: existing.id)
        }
        let record = StemcellRecord(id: id, name: name, version: version, apiVersion: apiVersion, cid: cid)
        stemcells.append(record)
        return record
    }

    /// Makes the record `id` current (after the VM was created from it).
    /// - Throws: `StateError.unknownRecord` when no stemcell record has that id.
    public mutating func setCurrentStemcell(id: String) throws {
        try makeCurrent(id, of: \.stemcells, in: \.currentStemcellID, resource: "stemcell")
    }

    /// Removes the record of a deleted stemcell; clears `current_stemcell_id` when it was current.
    /// - Returns: the removed record, or nil when none had that CID.
    /// - Throws: `StateError.emptyCID`.
    @discardableResult
    public mutating func removeStemcell(cid: StemcellCID) throws -> StemcellRecord? {
        guard !cid.isEmpty else {
            throw StateError.emptyCID(resource: "stemcell", operation: "Removing stemcell record")
        }
        deployer.stemcellsBeingDeleted.removeAll { $0 == cid.rawValue }
        return removeRecord(cid: cid, from: \.stemcells, current: \.currentStemcellID)
    }

    // MARK: Disks

    /// Appends a record right after `create_disk`.
    /// - Throws: `StateError.emptyCID`, or `.duplicateRecord` when the CID is already recorded.
    @discardableResult
    public mutating func recordDisk(
        id: String, cid: DiskCID, size: Int,
        cloudProperties: [String: StateJSONValue]
    ) throws -> DiskRecord {
        guard !cid.isEmpty else { throw StateError.emptyCID(resource: "disk", operation: "Recording disk") }
        if let existing = disk(cid: cid) {
            throw StateError.duplicateRecord(resource: "disk", identity: "CID '\(cid)'", existingID: existing.id)
        }
        let record = DiskRecord(id: id, cid: cid, size: size, cloudProperties: cloudProperties)
        disks.append(record)
        return record
    }

    /// Makes the record `id` current (after attaching a new disk, or after `migrate_disk`).
    /// - Throws: `StateError.unknownRecord` when no disk record has that id.
    public mutating func setCurrentDisk(id: String) throws {
        try makeCurrent(id, of: \.disks, in: \.currentDiskID, resource: "disk")
    }

    /// Removes the record of a deleted disk; clears `current_disk_id` when it was current.
    /// - Returns: the removed record, or nil when none had that CID.
    /// - Throws: `StateError.emptyCID`.
    @discardableResult
    public mutating func removeDisk(cid: DiskCID) throws -> DiskRecord? {
        guard !cid.isEmpty else { throw StateError.emptyCID(resource: "disk", operation: "Removing disk record") }
        return removeRecord(cid: cid, from: \.disks, current: \.currentDiskID)
    }

    // MARK: Deployment record

    /// Replaces the releases of the deployment and makes all of them current.
    public mutating func setReleases(_ records: [ReleaseRecord]) {
        releases = records
        currentReleaseIDs = records.map(\.id)
    }

    /// Sets the manifest SHA of the completed deploy; nil or `""` clears it.
    public mutating func setManifestSHA(_ sha: String?) {
        currentManifestSHA = (sha?.isEmpty ?? true) ? nil : sha
    }

    /// bosh-cli's `Record.Clear` at deploy start: no manifest SHA and no releases, so an
    /// interrupted deploy is never taken for a finished one.
    public mutating func clearDeploymentRecord() {
        currentManifestSHA = nil
        setReleases([])
    }
}

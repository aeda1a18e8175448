import CPIProtocol

/// Where the deployment state lives and how it changes: loaded once per run, then changed
/// through small typed steps that are each persisted before the caller continues, so every
/// cloud resource is on disk the moment it exists.
public protocol StateStore: Sendable {
    /// The state file's path.
    var path: String { get }

    /// Takes the exclusive lock for this state (`<path>.lock`); a no-op when already held.
    /// - Throws: `StateError.lockFailed` naming the holder's pid when another live run holds it.
    func lock() async throws

    /// Releases the lock; a no-op when not held.
    func unlock() async

    /// Reads the state: a fresh one with new `director_id`/`installation_id` when the file is
    /// absent. Does not write anything.
    /// - Throws: `StateError.corrupt` (empty or invalid; file untouched), `.unsupportedSchemaVersion`, `.unreadable`.
    func load() async throws -> DeploymentState

    /// The state as last loaded or saved.
    /// - Throws: `StateError.notLoaded` before a successful `load()`.
    func current() async throws -> DeploymentState

    /// Replaces the whole state and persists it.
    /// - Throws: `StateError.notLocked`, `.notLoaded`, `.writeFailed`.
    func save(_ state: DeploymentState) async throws

    /// Applies `change` to the current state and persists the result; when `change` throws or
    /// the write fails, neither memory nor disk changes.
    /// - Returns: what `change` returned.
    /// - Throws: what `change` throws, or what `save` throws.
    func update<T: Sendable>(_ change: @Sendable (inout DeploymentState) throws -> T) async throws -> T

    /// Deletes the state file and any backup of it (delete-env does this once everything is gone).
    /// - Throws: `StateError.notLocked`, `.removeFailed`.
    func removeFile() async throws

    /// A new random record id (a lowercase UUID, as bosh-cli generates).
    func newRecordID() -> String
}

/// The typed steps of a deploy, each persisted immediately (bosh-cli's repo calls).
extension StateStore {
    /// Records the VM right after `create_vm`.
    public func recordVM(_ cid: VMCID) async throws {
        try await update { try $0.recordVM(cid) }
    }

    /// Forgets the VM (and the current stemcell) after `delete_vm`.
    public func clearVM() async throws {
        try await update { $0.clearVM() }
    }

    /// Records an uploaded stemcell right after `create_stemcell`, removing the call's
    /// `pending` record in the same write.
    /// - Returns: the new record, with a fresh id.
    @discardableResult
    public func recordStemcell(
        name: String, version: String, apiVersion: Int?, cid: StemcellCID, completing pending: PendingCreation? = nil
    ) async throws -> StemcellRecord {
        let id = newRecordID()
        return try await update {
            let record = try $0.recordStemcell(id: id, name: name, version: version, apiVersion: apiVersion, cid: cid)
            if let pending { $0.deployer.pendingCreations.removeAll { $0 == pending } }
            return record
        }
    }

    /// Makes a stemcell record current (after the VM was created from it).
    public func setCurrentStemcell(id: String) async throws {
        try await update { try $0.setCurrentStemcell(id: id) }
    }

    /// Removes the record of a deleted stemcell.
    @discardableResult
    public func removeStemcell(_ cid: StemcellCID) async throws -> StemcellRecord? {
        try await update { try $0.removeStemcell(cid: cid) }
    }

    /// Records a new disk right after `create_disk`, removing the call's `pending` record in
    /// the same write.
    /// - Returns: the new record, with a fresh id.
    @discardableResult
    public func recordDisk(
        cid: DiskCID, size: Int, cloudProperties: [String: StateJSONValue], completing pending: PendingCreation? = nil
    ) async throws -> DiskRecord {
        let id = newRecordID()
        return try await update {
            let record = try $0.recordDisk(id: id, cid: cid, size: size, cloudProperties: cloudProperties)
            if let pending { $0.deployer.pendingCreations.removeAll { $0 == pending } }
            return record
        }
    }

    /// Makes a disk record current (after attaching a new disk, or after `migrate_disk`).
    public func setCurrentDisk(id: String) async throws {
        try await update { try $0.setCurrentDisk(id: id) }
    }

    /// Removes the record of a deleted disk.
    @discardableResult
    public func removeDisk(_ cid: DiskCID) async throws -> DiskRecord? {
        try await update { try $0.removeDisk(cid: cid) }
    }

    /// Replaces the deployed releases (fresh record ids) and makes them current.
    /// - Returns: the new records.
    @discardableResult
    public func recordReleases(_ releases: [(name: String, version: String)]) async throws -> [ReleaseRecord] {
        let records = releases.map { ReleaseRecord(id: newRecordID(), name: $0.name, version: $0.version) }
        try await update { $0.setReleases(records) }
        return records
    }

    /// Sets (or with nil clears) the manifest SHA of the completed deploy.
    public func setManifestSHA(_ sha: String?) async throws {
        try await update { $0.setManifestSHA(sha) }
    }

    /// Records the completed deploy's manifest, in one write: its SHA and its fingerprint
    /// (nil drops an older one, which would describe another manifest).
    public func recordDeployedManifest(sha: String, fingerprint: ManifestFingerprint?) async throws {
        try await update { state in
            state.setManifestSHA(sha)
            state.deployer.manifestFingerprint = fingerprint
        }
    }

    /// Clears the manifest SHA and the releases at deploy start, in one write.
    public func clearDeploymentRecord() async throws {
        try await update { $0.clearDeploymentRecord() }
    }

    /// Stemcell records other than the current one, with a CID.
    public func unusedStemcells() async throws -> [StemcellRecord] {
        try await current().unusedStemcells()
    }

    /// Disk records other than the current one, with a CID.
    public func unusedDisks() async throws -> [DiskRecord] {
        try await current().unusedDisks()
    }
}

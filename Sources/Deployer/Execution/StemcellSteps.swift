import CPIProtocol
import DeployerSupport
import ReleaseCompiler

/// The stemcell steps of a plan (`uploadStemcell`, `reuseStemcell`, `deleteUnusedStemcell`,
/// `finishStemcellDeletion`) and delete-env's stemcell deletion.
struct StemcellSteps: Sendable {
    var cloud: any Cloud
    var store: any StateStore
    var stage: any Stage

    /// Extracts the stemcell tarball into `work`, sends `create_stemcell` and records the CID.
    func upload(
        _ stemcell: StemcellManifest, tarball: String, inspector: any ReleaseInspecting, work: String
    )
        async throws -> StemcellRecord
    {
        try await stage.step("Uploading stemcell '\(stemcell.name)/\(stemcell.version)'") {
            let extracted = try await inspector.extractStemcell(tarball: tarball, into: work + "/stemcell")
            let pending = PendingCreation.stemcell(
                "\(stemcell.name)/\(stemcell.version)", startedAt: PendingCreations.now())
            let cid = try await PendingCreations.tracking(pending, store: store) {
                try await cloud.createStemcell(
                    imagePath: extracted.imagePath, cloudProperties: stemcell.cloudProperties)
            }
            return try await store.recordStemcell(
                name: stemcell.name, version: stemcell.version,
                apiVersion: stemcell.apiVersion == 0 ? nil : stemcell.apiVersion, cid: cid, completing: pending)
        }
    }

    /// Shows the upload as skipped, as bosh-cli does, and returns the record the plan chose.
    func reuse(_ stemcell: StemcellManifest, cid: StemcellCID) async throws -> StemcellRecord {
        let name = "Uploading stemcell '\(stemcell.name)/\(stemcell.version)'"
        return try await withContext(name) {
            guard let record = try await store.current().stemcells.first(where: { $0.cid == cid }) else {
                throw OrchestrationError.stepOutOfOrder("stemcell record '\(cid)' is gone")
            }
            try await stage.performOrSkip(name) { StepOutcome<Void>.skipped(reason: "Stemcell already uploaded") }
            return record
        }
    }

    /// Deletes a stemcell and forgets its record. The stemcell is marked as being deleted in
    /// the state before `delete_stemcell` is sent, so a run killed after the cloud deleted it
    /// but before the record went leaves a mark, and the next run finishes the deletion
    /// (`finishStemcellDeletion`) instead of reusing the record. A stemcell the cloud no
    /// longer knows is skipped, not an error.
    func delete(_ cid: StemcellCID, label: String) async throws {
        try await stage.deletionStep(
            "\(label) '\(cid)'", gone: .stemcellNotFound, reason: "Stemcell not found",
            delete: {
                try await store.update { state in
                    if !state.deployer.stemcellsBeingDeleted.contains(cid.rawValue) {
                        state.deployer.stemcellsBeingDeleted.append(cid.rawValue)
                    }
                }
                try await cloud.deleteStemcell(cid)
            },
            forget: { _ = try await store.removeStemcell(cid) })
    }
}

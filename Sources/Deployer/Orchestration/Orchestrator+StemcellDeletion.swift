import CPIProtocol
import DeployerSupport

extension Orchestrator {
    /// Deletes a stemcell and forgets its record. The stemcell is marked as being deleted in
    /// the state before `delete_stemcell` is sent, so a run killed after the cloud deleted it
    /// but before the record went leaves a mark, and the next run finishes the deletion
    /// (`finishInterruptedStemcellDeletions`) instead of reusing the record. A stemcell the
    /// cloud no longer knows is skipped, not an error.
    func deleteStemcell(
        _ cid: StemcellCID, label: String, cloud: any Cloud, store: any StateStore, stage: any Stage
    ) async throws {
        let name = "\(label) '\(cid)'"
        _ = try await withContext(name) {
            try await stage.performOrSkip(name) {
                try await store.update { state in
                    if !state.deployer.stemcellsBeingDeleted.contains(cid.rawValue) {
                        state.deployer.stemcellsBeingDeleted.append(cid.rawValue)
                    }
                }
                do {
                    try await cloud.deleteStemcell(cid)
                } catch let error as CPIError where error.is(.stemcellNotFound) {
                    try await store.removeStemcell(cid)
                    return StepOutcome<Void>.skipped(reason: "Stemcell not found")
                }
                try await store.removeStemcell(cid)
                return .completed(())
            }
        }
    }

    /// Finishes the stemcell deletions an earlier run started and did not record as done.
    func finishInterruptedStemcellDeletions(cloud: any Cloud, store: any StateStore, stage: any Stage) async throws {
        let state = try await store.current()
        for cid in state.deployer.stemcellsBeingDeleted {
            guard state.stemcells.contains(where: { $0.cid.rawValue == cid }) else {
                try await store.update { $0.deployer.stemcellsBeingDeleted.removeAll { $0 == cid } }
                continue
            }
            try await deleteStemcell(
                StemcellCID(cid), label: "Finishing the interrupted deletion of stemcell", cloud: cloud, store: store,
                stage: stage)
        }
    }
}

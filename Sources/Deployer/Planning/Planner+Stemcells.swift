import CPIProtocol
import DeployerSupport

extension Planner {
    /// The clean-up of stemcell records an earlier run left: unused records (only when
    /// `unused` is true) and deletions that were interrupted after `delete_stemcell` was sent.
    ///
    /// Beside a complete deployment (a VM and its stemcell) an unused record is what the last
    /// run's clean-up did not finish, and may name a stemcell the cloud already deleted, so it
    /// goes before the upload could reuse it. Without a current stemcell the records are kept:
    /// a VM may run on one the state has not linked yet, or the record is the upload of a run
    /// that failed before its VM existed, reused as is.
    /// - Returns: the steps, and the CIDs whose records they remove.
    static func leftoverStemcellSteps(
        state: DeploymentState, beforeUpload unused: Bool
    )
        -> (steps: [PlanStep], deleted: Set<StemcellCID>)
    {
        var steps: [PlanStep] = []
        var deleted: Set<StemcellCID> = []
        if unused {
            for record in state.unusedStemcells() {
                steps.append(
                    PlanStep(
                        .deleteUnusedStemcell(name: record.name, version: record.version, cid: record.cid),
                        reasons: ["not the current stemcell"]))
                deleted.insert(record.cid)
            }
        }
        for text in state.deployer.stemcellsBeingDeleted {
            let cid = StemcellCID(text)
            guard !deleted.contains(cid), state.stemcells.contains(where: { $0.cid == cid }) else { continue }
            steps.append(
                PlanStep(.finishStemcellDeletion(cid: cid), reasons: ["an earlier run was stopped while deleting it"]))
            deleted.insert(cid)
        }
        return (steps, deleted)
    }

    /// Upload the run's stemcell, or reuse its record when one survives the clean-up.
    static func stemcellStep(state: DeploymentState, inputs: PlanInputs, deleted: Set<StemcellCID>) -> PlanStep {
        if let record = state.stemcell(name: inputs.stemcell.name, version: inputs.stemcell.version),
            !deleted.contains(record.cid)
        {
            return PlanStep(.reuseStemcell(inputs.stemcell, cid: record.cid), reasons: ["already uploaded"])
        }
        return PlanStep(.uploadStemcell(inputs.stemcell), reasons: ["no stemcell record with this name and version"])
    }
}

import AgentClient
import CPIProtocol
import DeployerSupport
import Foundation
import ReleaseCompiler

/// Runs a plan: each step goes to its executor, in the plan's order, and nothing runs that
/// the plan does not list. The VM, disk and instance steps run inside bosh-cli's
/// `deploying` stage, which clears the deployment record first and writes it when every
/// step of the stage has succeeded.
struct PlanExecutor {
    var orchestrator: Orchestrator
    var run: InstanceContext
    var stage: any Stage

    /// What earlier steps of this run made, for the steps that need it.
    private struct Progress {
        var stemcell: StemcellRecord?
        var vm: VMCID?
    }

    /// Runs every step of `plan`.
    /// - Returns: the steps run, in order (all of them, unless one threw).
    func execute(_ plan: Plan) async throws -> [PlanStep] {
        var progress = Progress()
        var executed: [PlanStep] = []
        var remaining = plan.steps[...]
        while let next = remaining.first {
            guard next.action.isDeployingStep else {
                try await execute(next, progress: &progress, stage: stage)
                executed.append(next)
                remaining = remaining.dropFirst()
                continue
            }
            let group = remaining.prefix { $0.action.isDeployingStep }
            try await withContext("Deploying") {
                try await stage.performComplex("deploying") { sub in
                    try await run.store.clearDeploymentRecord()
                    for step in group {
                        try await execute(step, progress: &progress, stage: sub)
                        executed.append(step)
                    }
                    let releases = run.prepared.releases.map { (name: $0.manifest.name, version: $0.manifest.version) }
                    try await run.store.recordReleases(releases)
                    try await run.store.recordDeployedManifest(
                        sha: run.prepared.manifestSHA, fingerprint: run.prepared.manifestFingerprint)
                }
            }
            remaining = remaining.dropFirst(group.count)
        }
        return executed
    }

    private func execute(_ step: PlanStep, progress: inout Progress, stage: any Stage) async throws {
        let stemcells = StemcellSteps(cloud: run.cloud, store: run.store, stage: stage)
        let vms = VMSteps(
            cloud: run.cloud, agent: run.agent, store: run.store, options: orchestrator.options, stage: stage)
        switch step.action {
        case .uploadStemcell:
            progress.stemcell = try await stemcells.upload(
                run.prepared.stemcell, tarball: run.prepared.stemcellArtifact.localPath,
                inspector: orchestrator.inspector, work: run.work)
        case .reuseStemcell(_, let cid):
            progress.stemcell = try await stemcells.reuse(run.prepared.stemcell, cid: cid)
        case .deleteUnusedStemcell(_, _, let cid):
            try await stemcells.delete(cid, label: "Deleting unused stemcell")
        case .finishStemcellDeletion(let cid):
            try await stemcells.delete(cid, label: "Finishing an earlier run's deletion of stemcell")
        case .recoverInterruptedVM:
            if let found = try await vms.adoptInterruptedVM() {
                try await vms.remove(found, skipDrain: run.skipDrain)
            }
        case .recreateVM(_, let cid):
            try await vms.remove(cid, skipDrain: run.skipDrain)
            progress.vm = try await vms.create(stemcell: try required(progress.stemcell, step), for: run.prepared)
        case .createVM:
            progress.vm = try await vms.create(stemcell: try required(progress.stemcell, step), for: run.prepared)
        case .createDisk(let size):
            try await disks(stage).createAndAttach(
                try diskRequest(size: size, step), vm: try required(progress.vm, step))
        case .attachDisk(let cid):
            try await disks(stage).attach(cid, to: try required(progress.vm, step))
        case .migrateDisk(let cid, _, let size):
            guard let old = try await run.store.current().disks.first(where: { $0.cid == cid }) else {
                throw OrchestrationError.stepOutOfOrder("disk record '\(cid)' is gone before \(step.action)")
            }
            try await disks(stage).migrate(
                from: old, to: try diskRequest(size: size, step), vm: try required(progress.vm, step))
        case .leaveDiskDetached:
            break
        case .deleteUnusedDisk(let cid):
            try await disks(stage).delete(cid, label: "Deleting unused disk")
        case .updateInstance:
            _ = try required(progress.vm, step)
            try await InstanceUpdater(orchestrator).updateInstance(context: run, stage: stage)
        }
    }

    private func disks(_ stage: any Stage) -> DiskSteps {
        let deployment = run.prepared.manifest.deployment
        let job = run.prepared.job.name
        return DiskSteps(
            cloud: run.cloud, agent: run.agent, store: run.store, options: orchestrator.options,
            metadata: { now in
                CloudMetadata.disk(
                    fromVM: CloudMetadata.vm(deployment: deployment.name, job: job, tags: deployment.tags, now: now),
                    now: now)
            },
            stage: stage)
    }

    /// The manifest's disk request, which the plan sized.
    private func diskRequest(size: Int, _ step: PlanStep) throws -> PersistentDiskRequest {
        guard let request = try run.prepared.manifest.deployment.persistentDisk(for: run.prepared.job),
            request.size == size
        else {
            throw OrchestrationError.stepOutOfOrder("the manifest's disk is not the one planned for \(step.action)")
        }
        return request
    }

    /// A value an earlier step of the plan made.
    private func required<T>(_ value: T?, _ step: PlanStep) throws -> T {
        guard let value else { throw OrchestrationError.stepOutOfOrder("no earlier step prepared \(step.action)") }
        return value
    }
}

import AgentClient
import CPIProtocol
import DeployerSupport
import Foundation

/// The VM steps of a plan (`recoverInterruptedVM`, `createVM`, `recreateVM`) and
/// delete-env's VM removal, as bosh-cli's `deployment/vm` package.
struct VMSteps: Sendable {
    var cloud: any Cloud
    var agent: any Agent
    var store: any StateStore
    var options: OrchestratorOptions
    var stage: any Stage

    private var shutdown: AgentShutdown {
        AgentShutdown(agent: agent, existingAgentTimeout: options.existingAgentTimeout, stage: stage)
    }

    /// `create_vm` from `stemcell` for the prepared deployment's job, recorded at once, then
    /// its metadata, the current stemcell, and the wait for its agent.
    func create(stemcell: StemcellRecord, for prepared: PreparedDeployment) async throws -> VMCID {
        let deployment = prepared.manifest.deployment
        let job = prepared.job
        let interfaces = try deployment.networkInterfaces(for: job)
        let vm = try await stage.step("Creating VM for instance '\(job.name)/0' from stemcell '\(stemcell.cid)'") {
            let state = try await store.current()
            let arguments = CreateVMArguments(
                agentID: UUID().uuidString.lowercased(), stemcellCID: stemcell.cid,
                cloudProperties: .object(WireValues.jsonObject(prepared.pool.cloudProperties)),
                networks: WireValues.cpiNetworks(interfaces), diskCIDs: state.disks.map(\.cid),
                environment: .object(WireValues.jsonObject(deployment.vmEnvironment(for: prepared.pool))))
            let created = try await createKeepingTrack(arguments)
            // Recorded before anything else can fail, so the VM is never leaked.
            try await store.recordVM(created.cid)
            let metadata = CloudMetadata.vm(
                deployment: deployment.name, job: job.name, tags: deployment.tags, now: Date())
            try await ignoringNotImplemented { try await cloud.setVMMetadata(created.cid, metadata: metadata) }
            try await store.setCurrentStemcell(id: stemcell.id)
            return created.cid
        }
        try await stage.step("Waiting for the agent on VM '\(vm)' to be ready") {
            try await agent.waitUntilReady(timeout: options.agentReadyTimeout)
        }
        return vm
    }

    /// Removes a VM (bosh-cli's `vm.Delete` after a graceful shutdown): `has_vm`, then when
    /// it exists the agent's pre-stop, drain, stop, post-stop and disk unmounts, then
    /// `delete_vm`; the state forgets the VM right after. A VM the cloud no longer knows is
    /// a warning, not an error.
    func remove(_ vm: VMCID, skipDrain: Bool) async throws {
        let exists = try await withContext("Checking whether VM '\(vm)' exists") { try await cloud.hasVM(vm) }
        if exists {
            try await shutdown.shutDown(vm, skipDrain: skipDrain)
        } else {
            stage.warn("VM '\(vm)' recorded in the state does not exist any more")
        }
        try await stage.deletionStep(
            "Deleting VM '\(vm)'", gone: .vmNotFound, reason: "VM not found",
            delete: { try await cloud.deleteVM(vm) }, forget: { try await store.clearVM() })
    }

    /// `create_vm`, with the agent id kept in the state while the call runs
    /// (`PendingVMCreation`), so that a run killed during the call lets the next one find
    /// the VM. An error the CPI answered with, or a CPI that could not start, means no VM was
    /// made, so the record goes; a crash, a garbled answer, a time-out or an interruption
    /// keeps it, since the VM may exist.
    func createKeepingTrack(_ arguments: CreateVMArguments) async throws -> CreatedVM {
        let pending = PendingVMCreation(agentID: arguments.agentID, startedAt: Date().formatted(.iso8601))
        try await store.update { $0.deployer.pendingVM = pending }
        do {
            return try await cloud.createVM(arguments)
        } catch let error as CPIError {
            switch error {
            case .cloud, .launchFailed:
                try await store.update { $0.deployer.pendingVM = nil }
            default:
                // Said in the record, so the next run does not call this an interruption.
                if !Task.isCancelled, let failure = error.unansweredReason {
                    try? await store.update { $0.deployer.pendingVM?.failure = failure }
                }
            }
            throw error
        }
    }
}

import AgentClient
import CPIProtocol
import DeployerSupport
import Foundation

extension Orchestrator {
    /// Records the VM of a `create_vm` that an earlier run sent but never saw answer (it was
    /// killed during the call), so that this run deletes it instead of leaking it.
    ///
    /// The VM is recognised by its agent: it answers on the manifest's mbus address with the
    /// agent id the interrupted call sent, and names its VM (`vm.name` in `get_state`), which
    /// the CPI must confirm with `has_vm`. When any of that fails the operator is told what to
    /// look for in the cloud, and the pending record is dropped either way.
    func adoptInterruptedVM(cloud: any Cloud, agent: any Agent, store: any StateStore, stage: any Stage) async throws {
        let state = try await store.current()
        guard let pending = state.deployer.pendingVM else { return }
        guard state.currentVMCID == nil else {
            try await store.update { $0.deployer.pendingVM = nil }
            return
        }
        let step = "Looking for the VM of an interrupted create_vm (agent id '\(pending.agentID)')"
        let found = try await withContext(step) {
            try await stage.performOrSkip(step) { () async throws -> StepOutcome<VMCID> in
                guard let cid = try await interruptedVM(pending, cloud: cloud, agent: agent) else {
                    return .skipped(reason: "No agent with that id answers")
                }
                try await store.recordVM(cid)
                return .completed(cid)
            }
        }
        if let found = found.value {
            stage.warn("VM '\(found)' was created by a run that was interrupted during create_vm; it is recorded "
                + "in the state now and will be replaced")
        } else {
            try await store.update { $0.deployer.pendingVM = nil }
            stage.warn("A run was interrupted during create_vm at \(pending.startedAt): if the cloud holds a VM "
                + "whose agent id is '\(pending.agentID)', this state does not know it; delete it in the cloud")
        }
    }

    /// The CID of the VM whose agent has `pending`'s agent id, or nil when no such agent
    /// answers or the cloud does not know the VM it names.
    private func interruptedVM(_ pending: PendingVMCreation, cloud: any Cloud, agent: any Agent) async throws -> VMCID? {
        do {
            try await agent.waitUntilReady(timeout: options.existingAgentTimeout)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return nil
        }
        let reported = try await agent.getState()
        guard reported.agentID == pending.agentID, case .string(let name)? = reported.vm?["name"], !name.isEmpty
        else { return nil }
        let cid = VMCID(name)
        return try await cloud.hasVM(cid) ? cid : nil
    }
}

extension Orchestrator {
    /// `create_vm`, with the agent id kept in the state while the call runs
    /// (`PendingVMCreation`), so that a run killed during the call lets the next one find
    /// the VM. An error the CPI answered with, or a CPI that could not start, means no VM was
    /// made, so the record goes; a crash, a garbled answer, a time-out or an interruption
    /// keeps it, since the VM may exist.
    func createVMKeepingTrack(
        _ arguments: CreateVMArguments, cloud: any Cloud, store: any StateStore
    ) async throws -> CreatedVM {
        let pending = PendingVMCreation(
            agentID: arguments.agentID, startedAt: Date().formatted(.iso8601))
        try await store.update { $0.deployer.pendingVM = pending }
        do {
            return try await cloud.createVM(arguments)
        } catch let error as CPIError {
            switch error {
            case .cloud, .launchFailed:
                try await store.update { $0.deployer.pendingVM = nil }
            default:
                break
            }
            throw error
        }
    }
}

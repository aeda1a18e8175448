import AgentClient
import AgentProtocol
import CPIProtocol
import DeployerSupport

extension VMSteps {
    /// Records the VM of a `create_vm` that an earlier run sent but never saw answer (it was
    /// killed during the call), so that it is deleted instead of leaked.
    ///
    /// The VM is recognised by its agent: it answers on the manifest's mbus address with the
    /// agent id the interrupted call sent, and names its VM (`vm.name` in `get_state`), which
    /// the CPI must confirm with `has_vm`. When any of that fails the operator is told what to
    /// look for in the cloud, and the pending record is dropped either way.
    /// - Returns: the VM, now recorded as the current one, or nil.
    @discardableResult
    func adoptInterruptedVM() async throws -> VMCID? {
        let state = try await store.current()
        guard let pending = state.deployer.pendingVM else { return nil }
        guard state.currentVMCID == nil else {
            try await store.update { $0.deployer.pendingVM = nil }
            return nil
        }
        let step = "Looking for the VM of an unanswered create_vm (agent id '\(pending.agentID)')"
        let found = try await withContext(step) {
            try await stage.performOrSkip(step) { () async throws -> StepOutcome<VMCID> in
                guard let cid = try await interruptedVM(pending) else {
                    return .skipped(reason: "No agent with that id answers")
                }
                try await store.recordVM(cid)
                return .completed(cid)
            }
        }
        if let found = found.value {
            stage.warn(
                "VM '\(found)' was created by an earlier run, but \(pending.whatHappened); it is recorded "
                    + "in the state now and will be replaced")
            return found
        }
        try await store.update { $0.deployer.pendingVM = nil }
        let happened = pending.whatHappened
        stage.warn(
            happened.prefix(1).uppercased() + happened.dropFirst() + ": if the cloud holds a VM "
                + "whose agent id is '\(pending.agentID)', this state does not know it; delete it in the cloud")
        return nil
    }

    /// The CID of the VM whose agent has `pending`'s agent id, or nil when no such agent
    /// answers or the cloud does not know the VM it names.
    private func interruptedVM(_ pending: PendingVMCreation) async throws -> VMCID? {
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

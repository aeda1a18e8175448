import AgentClient
import CPIProtocol
import DeployerSupport

extension Orchestrator {
    /// Removes the current VM (bosh-cli's `vm.Delete` after a graceful shutdown): `has_vm`,
    /// then when it exists the agent's pre-stop, drain, stop, post-stop and disk unmounts,
    /// then `delete_vm`; the state forgets the VM right after. A VM the cloud no longer
    /// knows is a warning, not an error.
    func removeVM(
        _ vm: VMCID, cloud: any Cloud, agent: any Agent, store: any StateStore, skipDrain: Bool, stage: any Stage
    ) async throws {
        let exists = try await withContext("Checking whether VM '\(vm)' exists") { try await cloud.hasVM(vm) }
        if exists {
            try await shutDown(vm, agent: agent, skipDrain: skipDrain, stage: stage)
        } else {
            stage.warn("VM '\(vm)' recorded in the state does not exist any more")
        }
        let step = "Deleting VM '\(vm)'"
        _ = try await withContext(step) {
            try await stage.performOrSkip(step) {
                do {
                    try await cloud.deleteVM(vm)
                } catch let error as CPIError where error.is(.vmNotFound) {
                    try await store.clearVM()
                    return StepOutcome<Void>.skipped(reason: "VM not found")
                }
                try await store.clearVM()
                return .completed(())
            }
        }
    }

    /// The graceful shutdown of an existing VM's jobs. When the agent does not answer within
    /// `existingAgentTimeout` the step shows `Failed` and the rest is skipped, as in bosh-cli.
    /// - Parameters:
    ///   - unmountDisks: false for `stop`, which leaves the disks mounted (bosh-cli's
    ///     `skipDiskUnmount`).
    ///   - whenSilent: the warning shown when the agent does not answer.
    /// - Returns: false when the agent did not answer and nothing was stopped.
    @discardableResult
    func shutDown(
        _ vm: VMCID, agent: any Agent, skipDrain: Bool, unmountDisks: Bool = true,
        whenSilent: String = "deleting the VM without stopping its jobs", stage: any Stage
    ) async throws -> Bool {
        let instance = Self.unknownInstance
        guard try await waitForExistingAgent(vm, agent: agent, whenSilent: whenSilent, stage: stage) else { return false }
        try await step("Running the pre-stop scripts '\(instance)'", stage) { try await agent.runScript("pre-stop") }
        if !skipDrain {
            try await step("Draining jobs on instance '\(instance)'", stage) { _ = try await agent.drain(.shutdown) }
        }
        try await step("Stopping jobs on instance '\(instance)'", stage) { try await agent.stop() }
        try await step("Running the post-stop scripts '\(instance)'", stage) { try await agent.runScript("post-stop") }
        guard unmountDisks else { return true }
        let disks = try await withContext("Listing the disks of VM '\(vm)'") { try await agent.listDisk() }
        for disk in disks {
            try await step("Unmounting disk '\(disk)'", stage) { try await agent.unmountDisk(disk) }
        }
        return true
    }

    /// `Waiting for the agent on VM '<cid>'...` for an existing VM, up to
    /// `existingAgentTimeout`. bosh-cli gives up quietly when the agent is silent: the step
    /// shows `Failed`, a warning says what happens instead, and the caller goes on.
    /// - Returns: whether the agent answered.
    /// - Throws: only `CancellationError`.
    func waitForExistingAgent(_ vm: VMCID, agent: any Agent, whenSilent: String, stage: any Stage) async throws -> Bool {
        do {
            try await stage.perform("Waiting for the agent on VM '\(vm)'") {
                try await agent.waitUntilReady(timeout: options.existingAgentTimeout)
            }
            return true
        } catch is CancellationError {
            throw CancellationError()
        } catch let error where error.find(AgentError.self)?.isPermanentProxyFailure == true {
            // The jumpbox, not the VM, failed: the agent may be fine, so nothing is replaced.
            throw error
        } catch {
            stage.warn("The agent on VM '\(vm)' did not answer; \(whenSilent)")
            return false
        }
    }

    /// How bosh-cli names the instance of a VM it found in the state (it does not know the
    /// job name there).
    static let unknownInstance = "unknown/0"

    /// A one-line step whose error names the step.
    func step<T>(_ name: String, _ stage: any Stage, _ body: () async throws -> T) async throws -> T {
        try await withContext(name) { try await stage.perform(name, body) }
    }
}

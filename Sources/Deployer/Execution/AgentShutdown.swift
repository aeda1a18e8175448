import AgentClient
import AgentProtocol
import CPIProtocol
import DeployerSupport

/// The graceful shutdown of an existing VM's jobs through its agent, shared by the VM
/// steps, `delete` and `stop` (bosh-cli's `vm.Stop` and disk unmounts before `vm.Delete`).
struct AgentShutdown: Sendable {
    var agent: any Agent
    /// How long an existing VM's agent may take to answer.
    var existingAgentTimeout: Duration
    var stage: any Stage

    /// How bosh-cli names the instance of a VM it found in the state (it does not know the
    /// job name there).
    static let unknownInstance = "unknown/0"

    /// Pre-stop, drain (unless `skipDrain`), stop, post-stop, then unmount every disk. When
    /// the agent does not answer within `existingAgentTimeout` the step shows `Failed` and
    /// the rest is skipped, as in bosh-cli.
    /// - Parameters:
    ///   - unmountDisks: false for `stop`, which leaves the disks mounted (bosh-cli's
    ///     `skipDiskUnmount`).
    ///   - whenSilent: the warning shown when the agent does not answer.
    /// - Returns: false when the agent did not answer and nothing was stopped.
    @discardableResult
    func shutDown(
        _ vm: VMCID, skipDrain: Bool, unmountDisks: Bool = true,
        whenSilent: String = "deleting the VM without stopping its jobs"
    ) async throws -> Bool {
        let instance = Self.unknownInstance
        guard try await waitForExistingAgent(vm, whenSilent: whenSilent) else { return false }
        try await stage.step("Running the pre-stop scripts '\(instance)'") { try await agent.runScript("pre-stop") }
        if !skipDrain {
            try await stage.step("Draining jobs on instance '\(instance)'") { _ = try await agent.drain(.shutdown) }
        }
        try await stage.step("Stopping jobs on instance '\(instance)'") { try await agent.stop() }
        try await stage.step("Running the post-stop scripts '\(instance)'") { try await agent.runScript("post-stop") }
        guard unmountDisks else { return true }
        let disks = try await withContext("Listing the disks of VM '\(vm)'") { try await agent.listDisk() }
        for disk in disks {
            try await stage.step("Unmounting disk '\(disk)'") { try await agent.unmountDisk(disk) }
        }
        return true
    }

    /// `Waiting for the agent on VM '<cid>'...` for an existing VM, up to
    /// `existingAgentTimeout`. bosh-cli gives up quietly when the agent is silent: the step
    /// shows `Failed`, a warning says what happens instead, and the caller goes on.
    /// - Returns: whether the agent answered.
    /// - Throws: `CancellationError`, and a permanent jumpbox failure.
    func waitForExistingAgent(_ vm: VMCID, whenSilent: String) async throws -> Bool {
        do {
            try await stage.perform("Waiting for the agent on VM '\(vm)'") {
                try await agent.waitUntilReady(timeout: existingAgentTimeout)
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
}

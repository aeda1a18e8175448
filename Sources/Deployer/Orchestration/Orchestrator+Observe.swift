import AgentClient
import AgentProtocol
import CPIProtocol
import DeployerSupport

extension Orchestrator {
    /// Asks the cloud whether the state's VM and current disk still exist and, with an
    /// `agent`, how the VM's jobs are. A CPI without `has_disk` counts the disk as there.
    /// - Returns: what differs from the state; nothing when the state records no VM.
    /// - Throws: the CPI's errors from `has_vm` / `has_disk`, naming the call.
    func observe(
        _ state: DeploymentState, cloud: any Cloud, agent: (any Agent)?, stage: any Stage
    ) async throws -> ObservedResources {
        var observed = ObservedResources()
        guard let vm = state.currentVMCID else { return observed }
        let disk = state.currentDisk?.cid
        try await stage.perform("Checking that the cloud still has VM '\(vm)'\(disk.map { " and disk '\($0)'" } ?? "")")
        {
            if try await !cloud.hasVM(vm) { observed.missingVM = vm }
            if let disk {
                var exists = true
                try await ignoringNotImplemented { exists = try await cloud.hasDisk(disk) }
                if !exists { observed.missingDisk = disk }
            }
        }
        guard let agent, observed.missingVM == nil else { return observed }
        observed.jobs = try await stage.perform("Asking the agent on VM '\(vm)' how the jobs are") {
            do {
                let state = try await agent.getState()
                return state.jobState == "running" ? .running : .notRunning(jobState: state.jobState)
            } catch let error as AgentError {
                return .unreachable(String(describing: error))
            } catch {
                return .unreachable("no answer")
            }
        }
        return observed
    }
}

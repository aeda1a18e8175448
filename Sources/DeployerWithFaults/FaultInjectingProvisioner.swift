import AgentClient
import CPIProtocol
import Deployer

/// Wraps the `Cloud` the provisioner installs so its calls go through `FaultInjection`.
struct FaultInjectingProvisioner: CPIProvisioning {
    let base: any CPIProvisioning
    let faults: FaultInjection

    func install(_ request: CPIInstallRequest, stage: any Stage) async throws -> any Cloud {
        FaultInjectingCloud(base: try await base.install(request, stage: stage), faults: faults)
    }
}

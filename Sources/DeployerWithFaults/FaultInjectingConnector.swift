import AgentClient
import Deployer

/// Wraps the agent and blob store clients so their calls go through `FaultInjection`.
struct FaultInjectingConnector: AgentConnecting {
    let base: any AgentConnecting
    let faults: FaultInjection

    func agent(mbusURL: String, caPEM: String, replyTo: String) throws -> any Agent {
        FaultInjectingAgent(base: try base.agent(mbusURL: mbusURL, caPEM: caPEM, replyTo: replyTo), faults: faults)
    }

    func blobstore(mbusURL: String, caPEM: String) throws -> any BlobStoring {
        FaultInjectingBlobStore(base: try base.blobstore(mbusURL: mbusURL, caPEM: caPEM), faults: faults)
    }
}

import Deployer

/// The composition root's one seam: how the CPI provisioner and the agent connector that
/// `Environment` builds are wrapped before the orchestrator gets them. The shipped `deployer`
/// wraps nothing; the test-only `deployer-with-faults` executable wraps them with fault
/// injection, so none of that code is in the binary operators run.
public struct PortDecoration: Sendable {
    /// Wraps the CPI provisioner (and through it every `Cloud` it installs).
    public var provisioner: @Sendable (any CPIProvisioning) -> any CPIProvisioning
    /// Wraps the agent connector (and through it every agent and blob store client).
    public var connector: @Sendable (any AgentConnecting) -> any AgentConnecting

    /// - Parameters:
    ///   - provisioner: wraps the CPI provisioner.
    ///   - connector: wraps the agent connector.
    public init(
        provisioner: @escaping @Sendable (any CPIProvisioning) -> any CPIProvisioning,
        connector: @escaping @Sendable (any AgentConnecting) -> any AgentConnecting
    ) {
        self.provisioner = provisioner
        self.connector = connector
    }

    /// Wraps nothing.
    public static let none = PortDecoration(provisioner: { $0 }, connector: { $0 })

    /// The decoration of the running command (`DeployerCommand.runAndExit(_:decoration:)`).
    @TaskLocal static var current = PortDecoration.none
}

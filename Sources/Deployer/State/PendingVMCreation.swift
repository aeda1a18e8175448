/// A `create_vm` call that was sent and has not answered yet, kept in the state's
/// `"deployer"` fields (`pending_create_vm`) from just before the call until its CID is
/// recorded.
///
/// When the deployer dies during the call (kill -9, power loss, a hung CPI that was
/// killed), the cloud may have made a VM that no state knows about. The CPI API has no call
/// to list VMs, but the new VM's agent answers on the manifest's mbus address and reports its
/// agent id, which only that VM was given: the next run uses that to find and adopt it.
public struct PendingVMCreation: Codable, Sendable, Hashable {
    /// The agent id sent to `create_vm`.
    public var agentID: String
    /// When the call was sent (ISO 8601, UTC).
    public var startedAt: String
    /// Why the answer never arrived when the run saw it fail (`the CPI's answer was not a
    /// valid response`); nil when the run was interrupted or killed during the call. The
    /// next run words its warning by it, so a CPI that printed garbage is not reported as an
    /// interruption.
    public var failure: String?

    /// Creates a record.
    public init(agentID: String, startedAt: String, failure: String? = nil) {
        self.agentID = agentID
        self.startedAt = startedAt
        self.failure = failure
    }

    /// How the next run names what happened to the call.
    public var whatHappened: String {
        failure.map { "a create_vm sent at \(startedAt) got no usable answer (\($0))" }
            ?? "a run was interrupted during create_vm at \(startedAt)"
    }

    enum CodingKeys: String, CodingKey {
        case agentID = "agent_id"
        case startedAt = "started_at"
        case failure
    }
}

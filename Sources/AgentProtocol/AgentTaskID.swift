import DeployerSupport

/// The id an agent gives an async action's task (`agent_task_id`), which `get_task` and
/// `cancel_task` take back: typed so it is never confused with a blob or disk id. On the wire
/// it is a plain JSON string (the standard library's `Codable` for string raw values).
public struct AgentTaskID: StringIdentifier {
    /// The id as the agent wrote it (a lowercase UUID for bosh-agent and the local agent).
    public let rawValue: String

    /// Wraps an id read from the wire.
    public init(rawValue: String) { self.rawValue = rawValue }
}

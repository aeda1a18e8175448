/// The handle an async action answers with, and what `get_task` returns while the task runs:
/// `{"agent_task_id": "<uuid>", "state": "running"}` (spec agent.md §4).
public struct AgentTaskHandle: Codable, Sendable, Hashable {
    /// A random UUID chosen by the agent.
    public var agentTaskID: AgentTaskID
    /// `running` on the wire (the agent's `done`/`failed` never appear there).
    public var state: String

    /// The only `state` the agent reports on the wire.
    public static let running = "running"

    /// Creates a handle; the agent reports only `running` on the wire.
    public init(agentTaskID: AgentTaskID, state: String = AgentTaskHandle.running) {
        self.agentTaskID = agentTaskID
        self.state = state
    }

    enum CodingKeys: String, CodingKey {
        case agentTaskID = "agent_task_id"
        case state
    }
}

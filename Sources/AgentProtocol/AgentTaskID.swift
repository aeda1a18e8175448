/// The id an agent gives an async action's task (`agent_task_id`), which `get_task` and
/// `cancel_task` take back: typed so it is never confused with a blob or disk id. On the wire
/// it is a plain JSON string (the standard library's `Codable` for string raw values).
public struct AgentTaskID: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The id as the agent wrote it (a lowercase UUID for bosh-agent and the local agent).
    public let rawValue: String

    /// Wraps an id read from the wire.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Wraps an id read from the wire.
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }

    /// An id written in a test or fixture.
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    /// The raw id, as it appears in messages.
    public var description: String { rawValue }
}

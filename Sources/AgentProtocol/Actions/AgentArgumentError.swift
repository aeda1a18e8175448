/// Arguments an agent cannot use for the action they were sent with, worded as bosh-agent
/// words them (`Extracting method arguments from payload: ...`), so the local agent's
/// `Action Failed <action>: <message>` answers read like the real agent's.
public struct AgentArgumentError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The agent's text, without the `Action Failed <action>: ` prefix.
    public let message: String

    /// An error with the agent's exact text.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    /// Fewer positional arguments than the action needs.
    static func notEnoughArguments(expected: Int, got: Int) -> AgentArgumentError {
        AgentArgumentError(
            "Extracting method arguments from payload: Not enough arguments, expected \(expected), got \(got)")
    }

    /// An argument of the wrong shape; `detail` says which.
    static func unmarshalling(_ detail: String) -> AgentArgumentError {
        AgentArgumentError("Extracting method arguments from payload: Unmarshalling action argument: \(detail)")
    }
}

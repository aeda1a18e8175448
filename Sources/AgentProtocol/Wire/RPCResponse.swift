/// The body the agent answers `POST /agent` with: exactly one of `{"value": ...}` or
/// `{"exception": {"message": ...}}` (spec agent.md §3).
public enum RPCResponse: Sendable, Hashable {
    /// The action's result (for async actions: a task handle or the final value).
    case value(AgentJSON)
    /// The action failed; the message is the agent's error chain.
    case exception(message: String)
}

extension RPCResponse: Codable {
    enum CodingKeys: String, CodingKey {
        case value
        case exception
    }

    struct Exception: Codable {
        var message: String
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let exception = try container.decodeIfPresent(Exception.self, forKey: .exception) {
            self = .exception(message: exception.message)
        } else if container.contains(.value) {
            self = .value(try container.decode(AgentJSON.self, forKey: .value))
        } else {
            throw DecodingError.keyNotFound(
                CodingKeys.value,
                .init(codingPath: [], debugDescription: "an agent response has either 'value' or 'exception'"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .value(let value): try container.encode(value, forKey: .value)
        case .exception(let message): try container.encode(Exception(message: message), forKey: .exception)
        }
    }
}

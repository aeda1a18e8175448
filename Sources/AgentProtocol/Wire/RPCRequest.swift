/// The body of `POST /agent`: `{"method", "arguments", "reply_to"}` (spec agent.md §3).
///
/// `protocol` is decoded when a client sends it but bosh-cli never does, and neither do we:
/// it changes `list_disk` and `stop` semantics on the agent.
public struct RPCRequest: Codable, Sendable, Hashable {
    /// The action name, e.g. `ping`, `apply`, `get_task`.
    public var method: String
    /// Positional arguments; always an array (`[]` when none).
    public var arguments: [AgentJSON]
    /// Ignored over HTTPS; bosh-cli sends the `director_id` from its state file.
    public var replyTo: String
    /// The agent protocol version; `nil` (omitted) like bosh-cli.
    public var protocolVersion: Int?

    /// Creates a request; `protocolVersion` is omitted when `nil`.
    public init(method: String, arguments: [AgentJSON] = [], replyTo: String, protocolVersion: Int? = nil) {
        self.method = method
        self.arguments = arguments
        self.replyTo = replyTo
        self.protocolVersion = protocolVersion
    }

    /// The request for `call`, as bosh-cli sends it (no `protocol`).
    /// - Throws: `EncodingError` (not expected for these plain values).
    public init(_ call: AgentCall, replyTo: String) throws {
        self.init(method: call.action.rawValue, arguments: try call.encodedArguments(), replyTo: replyTo)
    }

    enum CodingKeys: String, CodingKey {
        case method
        case arguments
        case replyTo = "reply_to"
        case protocolVersion = "protocol"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        method = try container.decode(String.self, forKey: .method)
        // The agent treats a missing arguments array as empty.
        arguments = try container.decodeIfPresent([AgentJSON].self, forKey: .arguments) ?? []
        replyTo = try container.decodeIfPresent(String.self, forKey: .replyTo) ?? ""
        protocolVersion = try container.decodeIfPresent(Int.self, forKey: .protocolVersion)
    }
}

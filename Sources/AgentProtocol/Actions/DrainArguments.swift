import DeployerSupport

/// The arguments of `drain`: `[type, new spec]`; bosh-cli sends `{}` as the new spec.
public struct DrainArguments: Sendable, Hashable {
    /// Why the jobs are drained.
    public var type: DrainType
    /// The apply spec the instance will get; `null` when the request had none.
    public var newSpec: AgentJSON

    /// Creates the arguments, with bosh-cli's `{}` as the new spec by default.
    public init(type: DrainType, newSpec: AgentJSON = [:]) {
        self.type = type
        self.newSpec = newSpec
    }

    /// Whether a new spec was sent: an `update` drain needs one.
    public var hasNewSpec: Bool { newSpec != .null }

    func encoded() -> [AgentJSON] {
        [.string(type.rawValue), newSpec]
    }

    init(decoding arguments: PositionalArguments) throws {
        let name = try arguments.string(0)
        guard let type = DrainType(rawValue: name) else { throw AgentArgumentError("Invalid drain type '\(name)'") }
        self.type = type
        newSpec = arguments.optional(1) ?? .null
    }
}

/// The first argument of `drain`.
public enum DrainType: String, Codable, Sendable {
    case update
    case shutdown
    /// Always rejected by the agent; sent only after a negative drain answer.
    case status
}

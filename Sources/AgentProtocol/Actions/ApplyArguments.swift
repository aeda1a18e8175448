import DeployerSupport

/// The argument of `apply`: `[spec]`. The agent persists the spec as sent (`get_state`
/// returns it), so it travels as a JSON object; `ApplySpec` is what the deployer builds it
/// from and what the agent reads from it.
public struct ApplyArguments: Sendable, Hashable {
    /// The spec object as sent.
    public var spec: AgentJSON

    /// The arguments for `spec`.
    /// - Throws: `EncodingError` (not expected for these plain values).
    public init(_ spec: ApplySpec) throws {
        self.spec = try AgentJSON(encoding: spec)
    }

    /// The arguments for a spec object received as is.
    public init(spec: AgentJSON) {
        self.spec = spec
    }

    /// The spec's fields, leniently (a missing key takes its default).
    /// - Throws: `DecodingError` when a field has the wrong type.
    public func decodedSpec() throws -> ApplySpec {
        try spec.decode(ApplySpec.self)
    }

    func encoded() -> [AgentJSON] {
        [spec]
    }

    init(decoding arguments: PositionalArguments) throws {
        try arguments.require(1)
        guard arguments.values[0].objectValue != nil else {
            throw AgentArgumentError.unmarshalling("the apply spec is not an object")
        }
        spec = arguments.values[0]
    }
}

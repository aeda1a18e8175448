import DeployerSupport

/// Reads the positional `arguments` of one request on the agent side, failing with the real
/// agent's texts for missing or mistyped values.
struct PositionalArguments: Sendable {
    let values: [AgentJSON]

    init(_ values: [AgentJSON]) {
        self.values = values
    }

    /// - Throws: `AgentArgumentError` when fewer than `count` arguments were sent.
    func require(_ count: Int) throws {
        guard values.count >= count else {
            throw AgentArgumentError.notEnoughArguments(expected: count, got: values.count)
        }
    }

    /// Argument `index` decoded as `T`.
    /// - Throws: `AgentArgumentError` when it is missing or of another type.
    func decode<T: Decodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        try require(index + 1)
        do {
            return try values[index].decode(T.self)
        } catch {
            throw AgentArgumentError.unmarshalling("argument \(index) is not a \(Self.typeName(T.self))")
        }
    }

    /// Argument `index` as a string.
    /// - Throws: `AgentArgumentError` when it is missing or not a string.
    func string(_ index: Int) throws -> String {
        try decode(index, as: String.self)
    }

    /// Argument `index`, or `nil` when fewer were sent: for the optional trailing arguments.
    func optional(_ index: Int) -> AgentJSON? {
        index < values.count ? values[index] : nil
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Int.Type, is Int64.Type, is UInt64.Type: "number"
        default: "\(type)"
        }
    }
}

import AgentClient

/// The positional `arguments` of one request, with the real agent's error texts for missing
/// or mistyped values (`Extracting method arguments from payload: ...`).
struct ActionArguments: Sendable {
    let values: [AgentJSON]

    /// - Throws: `LocalAgentError` when fewer than `count` arguments were sent.
    func require(_ count: Int) throws {
        guard values.count >= count else {
            throw LocalAgentError(
                "Extracting method arguments from payload: Not enough arguments, expected \(count), got \(values.count)")
        }
    }

    /// Argument `index` decoded as `T`.
    /// - Throws: `LocalAgentError` when it is missing or of another type.
    func decode<T: Decodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        try require(index + 1)
        do {
            return try values[index].decode(T.self)
        } catch {
            throw LocalAgentError(
                "Extracting method arguments from payload: Unmarshalling action argument: argument \(index) is not a \(Self.typeName(T.self))")
        }
    }

    /// Argument `index` as a string.
    func string(_ index: Int) throws -> String {
        try decode(index, as: String.self)
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Int.Type, is Int64.Type, is UInt64.Type: "number"
        default: "\(type)"
        }
    }
}

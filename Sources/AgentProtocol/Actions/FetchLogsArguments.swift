import DeployerSupport

/// The arguments of `fetch_logs`: `[types, filters]`.
public struct FetchLogsArguments: Sendable, Hashable {
    /// `job`, `agent`, or both comma-separated.
    public var types: String
    /// Glob patterns of the files to include; all when empty.
    public var filters: [String]

    /// Creates the arguments.
    public init(types: String, filters: [String] = []) {
        self.types = types
        self.filters = filters
    }

    func encoded() -> [AgentJSON] {
        [.string(types), .array(filters.map { .string($0) })]
    }

    /// Filters that are absent or not strings are dropped, as the agent drops them.
    init(decoding arguments: PositionalArguments) throws {
        types = try arguments.string(0)
        filters = (arguments.optional(1)?.arrayValue ?? []).compactMap(\.stringValue)
    }
}

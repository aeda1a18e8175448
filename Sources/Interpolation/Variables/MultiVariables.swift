import GoYAML

/// Several variable sources consulted in order; the first that knows a name wins
/// (bosh-cli `MultiVars`).
public struct MultiVariables: VariableSource {
    /// The sources, highest precedence first.
    public let sources: [any VariableSource]

    /// Creates the chain.
    public init(_ sources: [any VariableSource]) {
        self.sources = sources
    }

    /// The first source's value for `definition`, or nil when none knows it.
    ///
    /// - Throws: the first error any source throws (later sources are then not asked).
    public func value(for definition: VariableDefinition, lookup: (String) throws -> YAMLNode?) throws -> YAMLNode? {
        for source in sources {
            if let value = try source.value(for: definition, lookup: lookup) { return value }
        }
        return nil
    }

    /// Looks `name` up as an untyped definition, so nothing gets generated.
    ///
    /// - Throws: the first error any source throws.
    public func value(named name: String) throws -> YAMLNode? {
        try value(for: VariableDefinition(name: name), lookup: { try self.value(named: $0) })
    }

    /// The names of every source, in source order (duplicates kept).
    ///
    /// - Throws: the first source error.
    public func names() throws -> [String] {
        try sources.flatMap { try $0.names() }
    }
}

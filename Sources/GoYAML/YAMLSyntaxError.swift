/// A YAML document that Go `yaml.v2` would refuse, described the way `yaml.v2` words it
/// (`yaml: line 3: mapping values are not allowed in this context`).
public struct YAMLSyntaxError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The line `yaml.v2` reports (its own numbering, see `YAMLComposer`), or nil when it
    /// reports none.
    public var line: Int?
    /// The problem, without the `yaml: ` prefix or the line.
    public var problem: String

    /// Creates an error for `problem`, reported at `line` when given.
    public init(line: Int? = nil, problem: String) {
        self.line = line
        self.problem = problem
    }

    public var description: String {
        if let line { return "yaml: line \(line): \(problem)" }
        return "yaml: \(problem)"
    }
}

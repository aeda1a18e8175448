import GoYAML

/// A sequence of go-patch operations applied in order, as bosh-cli builds them from `-o` files.
public struct Ops: Sendable, Hashable {
    /// The operations, in the order they apply.
    public var operations: [Operation]

    /// Ops made of `operations`.
    public init(_ operations: [Operation] = []) {
        self.operations = operations
    }

    /// Reads an ops file's parsed content the way bosh-cli does: a list of
    /// `{type, path, value, absent, error}` (other keys ignored; a null `value` counts as
    /// missing; an empty file is no ops). Every op gets the description
    /// `operation [<i>] in <source> failed`, which replaces any `error:` of the file.
    /// - Parameters:
    ///   - node: the parsed ops file.
    ///   - source: the ops file path as given on the command line.
    /// - Throws: `PatchError` of kind `.deserializing` (not a list of maps; bosh-cli wraps it in
    ///   `Deserializing ops file '<path>'`) or `.definition` (go-patch's `Replace operation [0]:
    ///   Missing value within ...`; bosh-cli wraps it in `Building ops`).
    public init(yaml node: YAMLNode, source: String) throws(PatchError) {
        var definitions = try OpDefinition.list(from: node)
        for index in definitions.indices {
            definitions[index].error = "operation [\(index)] in \(source) failed"
        }
        operations = try definitions.enumerated().map { (index, definition) throws(PatchError) in
            try definition.operation(index: index)
        }
    }

    /// All operations of `parts`, in order (`-o a.yml -o b.yml`).
    public init(concatenating parts: [Ops]) {
        operations = parts.flatMap(\.operations)
    }

    /// Applies every operation in order; the first failure stops.
    /// - Throws: the failing operation's `PatchError`.
    public func apply(to document: YAMLNode) throws(PatchError) -> YAMLNode {
        var result = document
        for operation in operations {
            result = try operation.apply(to: result)
        }
        return result
    }
}

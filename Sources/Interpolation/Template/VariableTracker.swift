import DeployerSupport
import GoYAML

/// Looks variables up for one evaluation and remembers what was asked for (bosh-cli
/// `varsTracker`): names never found (for `--var-errs`), names ever asked for (for
/// `--var-errs-unused`), and the chain of definitions being resolved (recursion detection).
final class VariableTracker {
    private let variables: any VariableSource
    private let definitions: [VariableDefinition]
    private let lookupForGenerators: (String) throws -> YAMLNode?
    /// Names looked up and not found.
    private(set) var missing: Set<String> = []
    /// Every base name looked up.
    private(set) var visitedAll: Set<String> = []
    /// Definitions whose options are being interpolated by this tracker's callers.
    private let visited: Set<String>

    init(
        variables: any VariableSource, definitions: [VariableDefinition], visited: Set<String> = [],
        lookupForGenerators: @escaping (String) throws -> YAMLNode?
    ) {
        self.variables = variables
        self.definitions = definitions
        self.visited = visited
        self.lookupForGenerators = lookupForGenerators
    }

    /// The value of the base name `name`, resolving its definition's options first.
    ///
    /// When an option refers to a variable that is missing, the definition is not looked up at
    /// all (so nothing is generated from half-interpolated options) and `name` is *not* recorded
    /// as missing: the option's own placeholder, still in the document's `variables:` section,
    /// is what the document walk reports.
    ///
    /// - Throws: "Detected recursion", "Interpolating variable '<name>' definition options: ...",
    ///   or the source's error.
    func value(of name: String) throws -> YAMLNode? {
        visitedAll.insert(name)
        guard !visited.contains(name) else { throw VariableError.recursion }
        let scoped = VariableTracker(
            variables: variables, definitions: definitions, visited: visited.union([name]),
            lookupForGenerators: lookupForGenerators)

        var definition = definitions.first(where: { $0.name == name }) ?? VariableDefinition(name: name)
        if let options = definition.options {
            definition.options = try withContext("Interpolating variable '\(name)' definition options") {
                try TemplateInterpolator(lookup: scoped.value(ofPath:)).interpolate(options)
            }
        }
        if !scoped.missing.isEmpty { return nil }

        let value = try variables.value(for: definition, lookup: lookupForGenerators)
        if value == nil { missing.insert(name) }
        return value
    }

    /// The value of a placeholder name: `name`, or `name.sub.key` = a go-patch find of
    /// `/sub/key` inside `name`'s value, retried with integer segments taken as map keys (so
    /// `((value.1))` is element 1 of an array or key `"1"` of a map).
    ///
    /// - Throws: the lookup's error or the find's `PatchError`.
    func value(ofPath path: String) throws -> YAMLNode? {
        let pieces = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let base = pieces.first, let value = try value(of: base) else { return nil }
        guard pieces.count > 1 else { return value }
        let pointer = try Pointer("/" + pieces.dropFirst().joined(separator: "/"))
        do {
            return try FindOp(path: pointer).apply(to: value)
        } catch {
            let keysOnly = pointer.tokens.map { token -> Pointer.Token in
                if case .index(let index, _) = token { return .key(String(index), optional: false) }
                return token
            }
            return try FindOp(path: Pointer(tokens: keysOnly)).apply(to: value)
        }
    }

    /// Base names provided by the sources and never looked up, sorted.
    ///
    /// - Throws: when a source cannot list its names.
    func unusedNames() throws -> [String] {
        let provided = Set(try variables.names())
        return provided.subtracting(visitedAll).sorted(by: VariableTracker.goOrder)
    }

    /// Go's `sort.Strings`: byte-wise order.
    static func goOrder(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}

import GoYAML

/// Reads a YAML document that must be a map of variable names to values (a `-l` file, the vars
/// store), the way Go's `yaml.Unmarshal` into `map[string]interface{}` accepts it.
enum VariablesDocument {
    /// The map held by `node`; null (an empty document) is an empty map.
    ///
    /// - Throws: `VariableError.unexpectedShape` with yaml.v2's wording when `node` is not a map.
    static func map(from node: YAMLNode) throws -> YAMLMap {
        switch node {
        case .null:
            return YAMLMap()
        case .map(let map):
            // Go decodes scalar keys into strings; keep the store's keys uniformly strings.
            var result = YAMLMap()
            for entry in map.entries {
                result[.string(scalarText(entry.key))] = entry.value
            }
            return result
        default:
            throw VariableError.unexpectedShape(
                "yaml: unmarshal errors:\n  cannot unmarshal \(yamlTag(node)) into template.StaticVariables")
        }
    }

    /// yaml.v2's short description of a node in type errors (`!!seq`, ``!!str `abc` ``).
    static func yamlTag(_ node: YAMLNode) -> String {
        switch node {
        case .null: return "!!null"
        case .bool: return "!!bool " + quoted(scalarText(node))
        case .int, .uint: return "!!int " + quoted(scalarText(node))
        case .float: return "!!float " + quoted(scalarText(node))
        case .string(let value): return "!!str " + quoted(value)
        case .array: return "!!seq"
        case .map: return "!!map"
        }
    }

    /// yaml.v2 shows at most 7 characters of a longer scalar.
    private static func quoted(_ text: String) -> String {
        text.count > 10 ? "`\(text.prefix(7))...`" : "`\(text)`"
    }

    /// The text of a scalar as Go's `fmt` `%v` prints it.
    static func scalarText(_ node: YAMLNode) -> String {
        switch node {
        case .null: return "<nil>"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .uint(let value): return String(value)
        case .float(let value):
            if value.isNaN { return "NaN" }
            if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
            return GoFloatFormat.formatG(value)
        case .string(let value): return value
        case .array, .map: return "<redacted>"
        }
    }
}

import GoYAML

/// How bosh-cli's messages (go-patch's and the variable interpolator's) name values (`%T` of
/// yaml.v2-decoded values), and how go-patch compares them
/// (`reflect.DeepEqual`, where maps are unordered).
enum GoValueDescription {
    /// Go's `%T` for the value yaml.v2 would have decoded.
    static func typeName(_ node: YAMLNode) -> String {
        switch node {
        case .null: return "<nil>"
        case .bool: return "bool"
        case .int: return "int"
        case .uint: return "uint64"
        case .float: return "float64"
        case .string: return "string"
        case .array: return "[]interface {}"
        case .map: return "map[interface {}]interface {}"
        }
    }

    /// `reflect.DeepEqual` on decoded YAML: same types, same values, maps regardless of order.
    static func deepEqual(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.uint(x), .uint(y)): return x == y
        case let (.float(x), .float(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)):
            return x.count == y.count && zip(x, y).allSatisfy { deepEqual($0, $1) }
        case let (.map(x), .map(y)):
            guard x.count == y.count else { return false }
            return x.entries.allSatisfy { entry in
                guard let other = y[entry.key] else { return false }
                return deepEqual(entry.value, other)
            }
        default: return false
        }
    }
}

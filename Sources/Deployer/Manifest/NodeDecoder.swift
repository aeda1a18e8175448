import GoYAML
import Interpolation

/// Reads typed values out of `YAMLNode`s the way Go's `yaml.v2` fills struct fields, and
/// collects a problem for every value of the wrong type instead of stopping at the first:
/// a string field takes any scalar, an int field takes ints (and floats, truncated), a null
/// gives the zero value, and maps used as properties must have string keys.
struct NodeDecoder {
    /// Stage for values of the wrong YAML type.
    let unmarshalStage: ManifestProblem.Stage
    /// Stage for property maps with non-string keys.
    let parseStage: ManifestProblem.Stage
    private(set) var problems: [ManifestProblem] = []

    init(unmarshalStage: ManifestProblem.Stage, parseStage: ManifestProblem.Stage) {
        self.unmarshalStage = unmarshalStage
        self.parseStage = parseStage
    }

    mutating func report(_ stage: ManifestProblem.Stage, path: String, message: String) {
        problems.append(ManifestProblem(stage, path: path, message: message))
    }

    /// Records a yaml.v2-style type error. The value itself is left out: it may be a secret.
    mutating func mismatch(_ node: YAMLNode, at path: String, into type: String) {
        let location = path.isEmpty ? "document" : path
        report(unmarshalStage, path: path, message: "\(location): cannot unmarshal \(Self.tag(of: node)) into \(type)")
    }

    static func tag(of node: YAMLNode) -> String {
        switch node {
        case .null: "!!null"
        case .bool: "!!bool"
        case .int, .uint: "!!int"
        case .float: "!!float"
        case .string: "!!str"
        case .array: "!!seq"
        case .map: "!!map"
        }
    }

    /// A string field: any scalar is accepted in its text form; absent or null is "".
    mutating func string(_ node: YAMLNode?, at path: String) -> String {
        optionalString(node, at: path) ?? ""
    }

    /// A `*string` field: nil when absent or null.
    mutating func optionalString(_ node: YAMLNode?, at path: String) -> String? {
        switch node {
        case nil, .null?: return nil
        case .string(let value)?: return value
        case .int(let value)?: return String(value)
        case .uint(let value)?: return String(value)
        case .bool(let value)?: return value ? "true" : "false"
        case .float(let value)?: return Self.floatText(value)
        case let other?:
            mismatch(other, at: path, into: "string")
            return nil
        }
    }

    /// An int field: absent or null is 0; floats are truncated as yaml.v2 does.
    mutating func int(_ node: YAMLNode?, at path: String) -> Int {
        switch node {
        case nil, .null?: return 0
        case .int(let value)?: return value
        case .float(let value)? where value.isFinite && abs(value) < 9.2e18: return Int(value)
        case let other?:
            mismatch(other, at: path, into: "int")
            return 0
        }
    }

    /// A `[]string` field: nil when absent or null; elements follow the string-field rule.
    mutating func optionalStringList(_ node: YAMLNode?, at path: String) -> [String]? {
        guard let items = optionalList(node, at: path, into: "[]string") else { return nil }
        return items.enumerated().map { index, item in string(item, at: "\(path)[\(index)]") }
    }

    /// A `[]string` field, absent or null giving `[]`.
    mutating func stringList(_ node: YAMLNode?, at path: String) -> [String] {
        optionalStringList(node, at: path) ?? []
    }

    /// The elements of a list field: nil when absent or null.
    mutating func optionalList(_ node: YAMLNode?, at path: String, into type: String = "list") -> [YAMLNode]? {
        switch node {
        case nil, .null?: return nil
        case .array(let items)?: return items
        case let other?:
            mismatch(other, at: path, into: type)
            return nil
        }
    }

    /// The elements of a list field, absent or null giving `[]`.
    mutating func list(_ node: YAMLNode?, at path: String) -> [YAMLNode] {
        optionalList(node, at: path) ?? []
    }

    /// A struct field: the map, or an empty one when absent, null or of the wrong type.
    mutating func structure(_ node: YAMLNode?, at path: String) -> YAMLMap {
        optionalStructure(node, at: path) ?? YAMLMap()
    }

    /// A pointer-to-struct field: nil when absent, null or of the wrong type.
    mutating func optionalStructure(_ node: YAMLNode?, at path: String) -> YAMLMap? {
        switch node {
        case nil, .null?: return nil
        case .map(let map)?: return map
        case let other?:
            mismatch(other, at: path, into: "struct")
            return nil
        }
    }

    /// A `map[interface{}]interface{}` field converted with bosh's `BuildMap`: every map in it,
    /// however deep, must have string keys. Absent or null is an empty map.
    mutating func properties(_ node: YAMLNode?, at path: String) -> YAMLMap {
        optionalProperties(node, at: path) ?? YAMLMap()
    }

    /// Like `properties(_:at:)` but nil when absent or null (a `*map` field).
    mutating func optionalProperties(_ node: YAMLNode?, at path: String) -> YAMLMap? {
        switch node {
        case nil, .null?: return nil
        case .map(let map)?:
            checkStringKeys(.map(map), at: path)
            return map
        case let other?:
            mismatch(other, at: path, into: "map")
            return nil
        }
    }

    /// A `map[string]string` field (`tags`).
    mutating func stringMap(_ node: YAMLNode?, at path: String) -> [String: String] {
        switch node {
        case nil, .null?: return [:]
        case .map(let map)?:
            var result: [String: String] = [:]
            for entry in map.entries {
                guard let key = scalarText(entry.key) else {
                    mismatch(entry.key, at: path, into: "string")
                    continue
                }
                result[key] = string(entry.value, at: "\(path).\(key)")
            }
            return result
        case let other?:
            mismatch(other, at: path, into: "map[string]string")
            return [:]
        }
    }

    private func scalarText(_ node: YAMLNode) -> String? {
        switch node {
        case .string(let value): value
        case .int(let value): String(value)
        case .uint(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        case .float(let value): Self.floatText(value)
        case .null, .array, .map: nil
        }
    }

    private mutating func checkStringKeys(_ node: YAMLNode, at path: String) {
        switch node {
        case .map(let map):
            for entry in map.entries {
                guard case .string(let key) = entry.key else {
                    let keyText = scalarText(entry.key).map { "\($0)" } ?? Self.tag(of: entry.key)
                    report(parseStage, path: path, message: "\(path): Map contains non-string key \(keyText)")
                    continue
                }
                checkStringKeys(entry.value, at: "\(path).\(key)")
            }
        case .array(let items):
            for (index, item) in items.enumerated() { checkStringKeys(item, at: "\(path)[\(index)]") }
        case .null, .bool, .int, .uint, .float, .string:
            break
        }
    }

    /// A float as Go would print it for a string field (integral values without `.0`).
    static func floatText(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}

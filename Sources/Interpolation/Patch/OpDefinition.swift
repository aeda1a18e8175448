import GoYAML

/// go-patch's `OpDefinition` as yaml.v2 decodes it from an ops file, and its validation
/// (`op_definition.go`).
struct OpDefinition {
    var type: String = ""
    var path: String?
    var value: YAMLNode?
    var absent: Bool?
    var error: String?

    /// The definitions of an ops file: a list (null for an empty file) of maps or nulls.
    static func list(from node: YAMLNode) throws(PatchError) -> [OpDefinition] {
        switch node {
        case .null: return []
        case .array(let items):
            return try items.map { item throws(PatchError) in try OpDefinition(item) }
        default:
            throw unmarshalError(node, into: "[]patch.OpDefinition")
        }
    }

    private init(_ node: YAMLNode) throws(PatchError) {
        switch node {
        case .null: return
        case .map(let map):
            for entry in map.entries {
                guard case .string(let key) = entry.key else { continue }
                switch key {
                case "type": type = try Self.text(entry.value) ?? ""
                case "path": path = try Self.text(entry.value)
                case "error": error = try Self.text(entry.value)
                case "value": value = entry.value == .null ? nil : entry.value
                case "absent":
                    switch entry.value {
                    case .null: absent = nil
                    case .bool(let flag): absent = flag
                    default: throw Self.unmarshalError(entry.value, into: "bool")
                    }
                default: continue
                }
            }
        default:
            throw Self.unmarshalError(node, into: "patch.OpDefinition")
        }
    }

    /// yaml.v2 decodes any scalar into a string field as its text.
    private static func text(_ node: YAMLNode) throws(PatchError) -> String? {
        switch node {
        case .null: return nil
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .uint(let number): return String(number)
        case .float(let number): return GoFloatFormat.yamlString(number)
        case .array, .map: throw unmarshalError(node, into: "string")
        }
    }

    /// yaml.v2's type error (without the line it would add: decoded values carry no positions).
    private static func unmarshalError(_ node: YAMLNode, into type: String) -> PatchError {
        let found: String
        switch node {
        case .map: found = "!!map"
        case .array: found = "!!seq"
        case .string(let text): found = "!!str `\(text)`"
        case .int(let number): found = "!!int `\(number)`"
        case .uint(let number): found = "!!int `\(number)`"
        case .float(let number): found = "!!float `\(GoFloatFormat.yamlString(number))`"
        case .bool(let flag): found = "!!bool `\(flag)`"
        case .null: found = "!!null"
        }
        return PatchError(.deserializing, "yaml: unmarshal errors:\n  cannot unmarshal \(found) into \(type)")
    }

    /// The operation this definition describes, or go-patch's definition error.
    func operation(index: Int) throws(PatchError) -> Operation {
        func failure(_ name: String, _ problem: String) -> PatchError {
            PatchError(.definition, "\(name) operation [\(index)]: \(problem) within\n\(json)")
        }
        func pointer(_ name: String, _ text: String) throws(PatchError) -> Pointer {
            do {
                return try Pointer(text)
            } catch {
                throw failure(name, "Invalid path: \(error.message)")
            }
        }
        switch type {
        case "replace":
            guard let path else { throw failure("Replace", "Missing path") }
            guard let value else { throw failure("Replace", "Missing value") }
            return Operation(.replace(value: value), path: try pointer("Replace", path), errorMessage: error)
        case "remove":
            guard let path else { throw failure("Remove", "Missing path") }
            guard value == nil else { throw failure("Remove", "Cannot specify value") }
            return Operation(.remove, path: try pointer("Remove", path), errorMessage: error)
        case "test":
            guard let path else { throw failure("Test", "Missing path") }
            guard value != nil || absent != nil else { throw failure("Test", "Missing value or absent") }
            return Operation(
                .test(value: value, absent: absent ?? false), path: try pointer("Test", path), errorMessage: error)
        default:
            throw PatchError(.definition, "Unknown operation [\(index)] with type '\(type)' within\n\(json)")
        }
    }

    /// The definition as go-patch shows it: Go `json.MarshalIndent` with two spaces, empty
    /// fields omitted, the value always `"<redacted>"`.
    var json: String {
        var fields: [(String, String)] = []
        if !type.isEmpty { fields.append(("Type", GoPatchJSON.quote(type))) }
        if let path { fields.append(("Path", GoPatchJSON.quote(path))) }
        if value != nil { fields.append(("Value", GoPatchJSON.quote("<redacted>"))) }
        if let absent { fields.append(("Absent", absent ? "true" : "false")) }
        if let error { fields.append(("Error", GoPatchJSON.quote(error))) }
        guard !fields.isEmpty else { return "{}" }
        return "{\n" + fields.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}"
    }
}

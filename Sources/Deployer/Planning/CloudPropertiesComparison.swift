import Interpolation

/// Compares a disk's recorded `cloud_properties` with the manifest's, as bosh-cli does by
/// comparing their JSON encodings (`deployment/disk/disk.go`): key order does not matter, and
/// a whole-number float (`1.0` in YAML) equals the integer JSON writes for it (`1`).
enum CloudPropertiesComparison {
    static func differ(recorded: [String: StateJSONValue], requested: YAMLMap) -> Bool {
        normalized(.object(recorded)) != normalized(json(.map(requested)))
    }

    /// The JSON value Go's encoder would produce for a YAML value; map keys become strings.
    static func json(_ node: YAMLNode) -> StateJSONValue {
        switch node {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .int(let value): return .int(value)
        case .uint(let value): return .uint(value)
        case .float(let value): return .double(value)
        case .string(let value): return .string(value)
        case .array(let items): return .array(items.map(json))
        case .map(let map):
            var object: [String: StateJSONValue] = [:]
            for entry in map.entries { object[keyText(entry.key)] = json(entry.value) }
            return .object(object)
        }
    }

    private static func keyText(_ key: YAMLNode) -> String {
        switch key {
        case .string(let value): return value
        case .int(let value): return String(value)
        case .uint(let value): return String(value)
        case .float(let value): return String(value)
        case .bool(let value): return String(value)
        case .null: return "null"
        case .array, .map: return String(describing: key)
        }
    }

    private static func normalized(_ value: StateJSONValue) -> StateJSONValue {
        switch value {
        case .double(let number):
            if number.rounded() == number, let whole = Int(exactly: number) { return .int(whole) }
            if let whole = UInt64(exactly: number) { return .integer(whole) }
            return value
        case .array(let items): return .array(items.map(normalized))
        case .object(let object): return .object(object.mapValues(normalized))
        case .null, .bool, .int, .uint, .string: return value
        }
    }
}

import DeployerSupport

extension JSONValue {
    /// The JSON value Go's JSON round trip gives for a YAML value, as bosh-cli sends manifest
    /// values to the CPI and agent, records them in the state (a disk pool's
    /// `cloud_properties`) and hands job properties to the templates: so a recorded value
    /// compares equal to the same value read from the manifest again.
    ///
    /// Whole floats become integers (Go writes `1.0` as `1`, which reads back as a whole
    /// number); non-string map keys are written as text.
    public init(yaml node: YAMLNode) {
        switch node {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .uint(let number): self = .uint(number)
        case .float(let number):
            if number == number.rounded(), abs(number) < 1e21, let whole = Int(exactly: number) {
                self = .int(whole)
            } else if let whole = UInt64(exactly: number) {
                self = .integer(whole)
            } else {
                self = .double(number)
            }
        case .string(let text): self = .string(text)
        case .array(let elements): self = .array(elements.map { JSONValue(yaml: $0) })
        case .map(let map): self = .object(Self.object(yaml: map))
        }
    }

    /// A YAML map as a JSON object (see `init(yaml:)`).
    public static func object(yaml map: YAMLMap) -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        for entry in map.entries {
            object[keyText(entry.key)] = JSONValue(yaml: entry.value)
        }
        return object
    }

    private static func keyText(_ key: YAMLNode) -> String {
        switch key {
        case .string(let text): text
        case .int(let number): String(number)
        case .uint(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .float(let number): "\(number)"
        case .null: "<nil>"
        case .array, .map: "\(key)"
        }
    }
}

import DeployerSupport

/// Any JSON value found in a state file: disk `cloud_properties`, and fields written by a newer
/// bosh-cli (or a newer deployer) that this version does not know but must keep on rewrite.
///
/// Whole numbers decode as `.int` so they are written back without a fraction, as Go's
/// `encoding/json` writes them.
public typealias StateJSONValue = JSONValue

/// A coding key for any JSON object key, used to keep the keys this version does not know.
struct StateCodingKey: CodingKey, Hashable {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer where Key == StateCodingKey {
    /// Every key of this object not in `known`, with its value: what a newer writer added.
    func unknownFields(excluding known: Set<String>) throws -> [String: StateJSONValue] {
        var fields: [String: StateJSONValue] = [:]
        for key in allKeys where !known.contains(key.stringValue) {
            fields[key.stringValue] = try decode(StateJSONValue.self, forKey: key)
        }
        return fields
    }

    /// A string that may be missing or `null` (Go leaves the field `""` then).
    func string(_ name: String) throws -> String {
        try decodeIfPresent(String.self, forKey: StateCodingKey(name)) ?? ""
    }
}

extension KeyedEncodingContainer where Key == StateCodingKey {
    /// Writes back the fields a newer writer added, except any that this version now owns.
    mutating func encodeUnknownFields(_ fields: [String: StateJSONValue], excluding known: Set<String>) throws {
        for (name, value) in fields where !known.contains(name) {
            try encode(value, forKey: StateCodingKey(name))
        }
    }
}

import DeployerSupport
import GoYAML
import Interpolation

/// Compares a disk's recorded `cloud_properties` with the manifest's, as bosh-cli does by
/// comparing their JSON encodings (`deployment/disk/disk.go`): key order does not matter, and
/// a whole-number float (`1.0` in YAML) equals the integer JSON writes for it (`1`).
///
/// The manifest's value goes through the conversion that writes the state
/// (`StateJSONValue(yaml:)`), so a value compares equal to what the last deploy recorded.
enum CloudPropertiesComparison {
    static func differ(recorded: [String: StateJSONValue], requested: YAMLMap) -> Bool {
        normalized(.object(recorded)) != normalized(.object(StateJSONValue.object(yaml: requested)))
    }

    /// Whole-number doubles as integers: a state file written by another tool may hold
    /// `1.0` where ours holds `1`.
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

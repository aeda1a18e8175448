import DeployerSupport

/// Writes a state file the way bosh-cli does (Go's `json.MarshalIndent(state, "", "    ")`):
/// 4-space indentation, `"key": value`, the struct fields in bosh-cli's order, map keys sorted,
/// and Go's string escaping. A file rewritten by either tool therefore diffs line by line.
///
/// Keys bosh-cli does not know come after its own, sorted; the deployer's key comes last.
enum StateJSONWriter {
    /// bosh-cli's field order of `DeploymentState`.
    static let topLevelOrder = [
        "director_id", "installation_id", "current_vm_cid", "current_stemcell_id", "current_disk_id",
        "current_release_ids", "current_manifest_sha", "disks", "stemcells", "releases",
    ]
    /// bosh-cli's field order of the records, by the array that holds them.
    static let recordOrder: [String: [String]] = [
        "disks": ["id", "cid", "size", "cloud_properties"],
        "stemcells": ["id", "name", "version", "api_version", "cid"],
        "releases": ["id", "name", "version"],
    ]

    /// The complete file content for a state already converted to JSON values.
    static func document(_ root: [String: StateJSONValue]) -> String {
        var output = ""
        writeObject(root, order: topLevelOrder, last: DeploymentState.deployerKey, level: 0, into: &output) {
            key, value, level, output in
            if let order = recordOrder[key], case .array(let records) = value {
                writeArray(records, level: level, into: &output) { record, level, output in
                    if case .object(let fields) = record {
                        writeObject(fields, order: order, last: nil, level: level, into: &output) {
                            _, value, level, output in
                            write(value, level: level, into: &output)
                        }
                    } else {
                        write(record, level: level, into: &output)
                    }
                }
            } else {
                write(value, level: level, into: &output)
            }
        }
        // bosh-cli writes MarshalIndent's bytes as they are, without a final newline.
        return output
    }

    /// Any value with sorted object keys (Go's map encoding).
    static func write(_ value: StateJSONValue, level: Int, into output: inout String) {
        if let scalar = value.goScalarText {
            output += scalar
            return
        }
        switch value {
        case .null, .bool, .int, .uint, .double, .string: break  // written above
        case .array(let elements):
            writeArray(elements, level: level, into: &output) { element, level, output in
                write(element, level: level, into: &output)
            }
        case .object(let fields):
            writeObject(fields, order: [], last: nil, level: level, into: &output) { _, value, level, output in
                write(value, level: level, into: &output)
            }
        }
    }

    private static func writeArray(
        _ elements: [StateJSONValue], level: Int, into output: inout String,
        element: (StateJSONValue, Int, inout String) -> Void
    ) {
        guard !elements.isEmpty else {
            output += "[]"
            return
        }
        output += "["
        for (index, value) in elements.enumerated() {
            output += (index == 0 ? "\n" : ",\n") + indent(level + 1)
            element(value, level + 1, &output)
        }
        output += "\n" + indent(level) + "]"
    }

    /// An object whose keys in `order` come first in that order, then the others sorted, then `last`.
    private static func writeObject(
        _ fields: [String: StateJSONValue], order: [String], last: String?, level: Int, into output: inout String,
        value: (String, StateJSONValue, Int, inout String) -> Void
    ) {
        guard !fields.isEmpty else {
            output += "{}"
            return
        }
        let known = order.filter { fields[$0] != nil }
        let others = fields.keys.filter { !order.contains($0) && $0 != last }.sorted()
        let keys = known + others + (last.flatMap { fields[$0] == nil ? nil : [$0] } ?? [])
        output += "{"
        for (index, key) in keys.enumerated() {
            guard let field = fields[key] else { continue }
            output += (index == 0 ? "\n" : ",\n") + indent(level + 1)
            output += GoJSON.quote(key)
            output += ": "
            value(key, field, level + 1, &output)
        }
        output += "\n" + indent(level) + "}"
    }

    private static func indent(_ level: Int) -> String {
        String(repeating: " ", count: 4 * level)
    }
}

import DeployerSupport
import Foundation
import Yams

/// Job property defaults, properties handed to template rendering, and the ERB context: the
/// shared `JSONValue` under the name this module's API uses. ReleaseCompiler may not import
/// Interpolation, so the deployer converts its `YAMLNode` values into this type at the edge.
public typealias PropertyValue = JSONValue

extension JSONValue {
    /// Converts a composed YAML node (tags already resolved by Yams).
    init(yaml node: Node) {
        switch node {
        case .scalar(let scalar):
            self = PropertyValue.scalar(scalar)
        case .sequence(let sequence):
            self = .array(sequence.map { PropertyValue(yaml: $0) })
        case .mapping(let mapping):
            var map: [String: PropertyValue] = [:]
            for (key, value) in mapping {
                map[key.scalar?.string ?? ""] = PropertyValue(yaml: value)
            }
            self = .object(map)
        case .alias:
            // Yams resolves aliases while composing; an unresolved one carries no value.
            self = .null
        }
    }

    private static func scalar(_ scalar: Node.Scalar) -> PropertyValue {
        let node = Node.scalar(scalar)
        switch Tag.Name(rawValue: node.tag.rawValue) {
        case .null: return .null
        case .bool: return node.bool.map(PropertyValue.bool) ?? .string(scalar.string)
        case .int:
            if let value = node.int { return .int(value) }
            // Above Int.max, yaml.v2 (bosh-cli's reader of job specs) still has a uint64.
            return UInt64.construct(from: scalar).map(PropertyValue.integer) ?? .string(scalar.string)
        case .float: return node.float.map(PropertyValue.double) ?? .string(scalar.string)
        case .binary:
            if let data = node.binary { return .string(String(decoding: data, as: UTF8.self)) }
            return .string(scalar.string)
        default: return .string(scalar.string)
        }
    }
}

import Foundation
import Yams

/// A JSON-like value: job property defaults, properties handed to template rendering, and the
/// ERB context. Kept local to ReleaseCompiler because it may not import Interpolation; the
/// deployer converts its `YAMLNode` values into this type at the module edge.
public enum PropertyValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([PropertyValue])
    case object([String: PropertyValue])

    /// The value at `key` when this is an object, else nil.
    public subscript(key: String) -> PropertyValue? {
        if case .object(let map) = self { return map[key] }
        return nil
    }

    /// True for `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The string payload of a `.string` value.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([PropertyValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: PropertyValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Compact JSON text with sorted keys (stable, so it can be hashed or compared).
    public func jsonString() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public var description: String { (try? jsonString()) ?? "<unencodable>" }

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
        case .int: return node.int.map(PropertyValue.int) ?? .string(scalar.string)
        case .float: return node.float.map(PropertyValue.double) ?? .string(scalar.string)
        case .binary:
            if let data = node.binary { return .string(String(decoding: data, as: UTF8.self)) }
            return .string(scalar.string)
        default: return .string(scalar.string)
        }
    }
}

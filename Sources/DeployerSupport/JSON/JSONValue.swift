import Foundation

/// Any JSON value, for the free-form parts of the protocols and files the deployer handles:
/// CPI `cloud_properties` and results, agent arguments and task results, job properties for
/// template rendering, fields of a state file this version does not know.
///
/// One type for all modules (they may not import each other, but all import DeployerSupport).
/// Integers and fractional numbers are kept apart so `32768` goes back out as `32768`, not
/// `32768.0`, as Go's `encoding/json` would write it.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    /// A whole number above `Int.max` (Go's `uint64`, which yaml.v2 gives such YAML integers).
    /// Only for those: a value that fits an `Int` is always `.int` (see `integer(_:)`).
    case uint(UInt64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The string, when this is `.string`.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The boolean, when this is `.bool`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The number as an `Int`, when this is `.int` or a `.double` with no fractional part.
    public var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 9e18: return Int(value)
        default: return nil
        }
    }

    /// A whole number as `.int` when it fits, else `.uint`: the only way `.uint` should be made.
    public static func integer(_ value: UInt64) -> JSONValue {
        Int(exactly: value).map(JSONValue.int) ?? .uint(value)
    }

    /// The elements, when this is `.array`.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, when this is `.object`.
    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// True for `.null`.
    public var isNull: Bool { self == .null }

    /// The member `key` of an object (`nil` for a missing key or a non-object).
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// Parses JSON text.
    ///
    /// - Throws: `DecodingError` when `data` is not JSON.
    public init(parsing data: Data) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// Converts any `Encodable` value (a wire struct, a typed result) to its JSON tree.
    ///
    /// - Throws: `EncodingError` when the value cannot be encoded.
    public init(encoding value: some Encodable) throws {
        let data = try JSONEncoder().encode(value)
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// Decodes this JSON tree into a `Decodable` type.
    ///
    /// - Throws: `DecodingError` when the shape does not match.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        let data = try JSONEncoder().encode(self)
        return try JSONDecoder().decode(type, from: data)
    }

    /// Compact JSON text with sorted keys, numbers written as Go writes them (`jsonText`):
    /// stable, so it can be hashed or compared, and a program reading it (the Ruby template
    /// renderer) sees the same integers and floats as when bosh-cli wrote it.
    ///
    /// - Throws: `EncodingError` for non-finite numbers, which JSON cannot carry.
    public func jsonString() throws -> String {
        if let bad = firstNonFiniteNumber {
            throw EncodingError.invalidValue(
                bad, EncodingError.Context(codingPath: [], debugDescription: "\(bad) cannot be written as JSON"))
        }
        return jsonText
    }

    /// The first NaN or infinity anywhere in this value.
    private var firstNonFiniteNumber: Double? {
        switch self {
        case .double(let value): return value.isFinite ? nil : value
        case .array(let elements): return elements.lazy.compactMap(\.firstNonFiniteNumber).first
        case .object(let members): return members.values.lazy.compactMap(\.firstNonFiniteNumber).first
        case .null, .bool, .int, .uint, .string: return nil
        }
    }
}

extension JSONValue: CustomStringConvertible {
    public var description: String { jsonText }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(UInt64.self), value > UInt64(Int.max) {
            // Digits beyond Int.max but within uint64 (Go writes a uint64 this way): kept
            // exact, so they go back out as the same digits rather than a rounded float. (Only
            // past Int.max: Foundation reads a fraction such as 0.5 as the UInt64 0.)
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            // A whole number in exponent form (`1e19`), or text just past Int's range
            // (`-9223372036854775809` rounds to -2^63): keep it the integer it is, since Go
            // writes such a float64 as these digits and they would read back as that integer.
            if let whole = Int(exactly: value) {
                self = .int(whole)
            } else if let whole = UInt64(exactly: value) {
                self = .uint(whole)
            } else {
                self = .double(value)
            }
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .uint(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

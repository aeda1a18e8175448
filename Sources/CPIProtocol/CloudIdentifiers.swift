/// The cloud ID of a VM, as returned by `create_vm`. Encoded as a plain JSON string.
public struct VMCID: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }
}

/// The cloud ID of a persistent disk, as returned by `create_disk`. Encoded as a plain string.
public struct DiskCID: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }
}

/// The cloud ID of an uploaded stemcell, as returned by `create_stemcell`. Encoded as a plain string.
public struct StemcellCID: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }
}

extension VMCID {
    /// Whether the identifier is empty (no cloud resource may ever be acted on by an empty CID).
    public var isEmpty: Bool { rawValue.isEmpty }
}

extension DiskCID {
    /// Whether the identifier is empty (no cloud resource may ever be acted on by an empty CID).
    public var isEmpty: Bool { rawValue.isEmpty }
}

extension StemcellCID {
    /// Whether the identifier is empty (no cloud resource may ever be acted on by an empty CID).
    public var isEmpty: Bool { rawValue.isEmpty }
}

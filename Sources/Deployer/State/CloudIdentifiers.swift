/// The cloud's identifier of a VM, as returned by the CPI's `create_vm` and recorded in the
/// state file's `current_vm_cid`.
public struct VMCID: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    /// The identifier exactly as the CPI returned it.
    public let rawValue: String
    /// Wraps a CPI identifier.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Wraps a CPI identifier.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// Decodes the plain JSON string bosh-cli writes.
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    /// Encodes as a plain JSON string, as bosh-cli does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }
    /// Whether the identifier is empty (no cloud resource may ever be acted on by an empty CID).
    public var isEmpty: Bool { rawValue.isEmpty }
}

/// The cloud's identifier of a persistent disk (`create_disk`), recorded in `disks[].cid`.
public struct DiskCID: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    /// The identifier exactly as the CPI returned it.
    public let rawValue: String
    /// Wraps a CPI identifier.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Wraps a CPI identifier.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// Decodes the plain JSON string bosh-cli writes.
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    /// Encodes as a plain JSON string, as bosh-cli does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }
    /// Whether the identifier is empty (no cloud resource may ever be acted on by an empty CID).
    public var isEmpty: Bool { rawValue.isEmpty }
}

/// The cloud's identifier of an uploaded stemcell (`create_stemcell`), recorded in
/// `stemcells[].cid`.
public struct StemcellCID: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    /// The identifier exactly as the CPI returned it.
    public let rawValue: String
    /// Wraps a CPI identifier.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Wraps a CPI identifier.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// Decodes the plain JSON string bosh-cli writes.
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    /// Encodes as a plain JSON string, as bosh-cli does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }
    /// Whether the identifier is empty (no cloud resource may ever be acted on by an empty CID).
    public var isEmpty: Bool { rawValue.isEmpty }
}

/// The name of a package inside a release (`golang-1.22-linux`, `bosh-aws-cpi`).
public struct PackageName: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The name as written.
    public let rawValue: String

    /// Creates a value from its parts.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a value from its parts.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// Orders by name.
    public static func < (lhs: PackageName, rhs: PackageName) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A string with a meaning of its own (a cloud ID, an agent task or blob ID, a CPI error type):
/// its type keeps it from being passed where another string is expected. On the wire it is a
/// plain JSON string (the standard library's `Codable` for string raw values).
public protocol StringIdentifier: RawRepresentable<String>, Codable, Hashable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// Wraps a value read from the wire or a file.
    init(rawValue: String)
}

extension StringIdentifier {
    /// Wraps a value read from the wire or a file.
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }

    /// A value written in code, a test or a fixture.
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    /// The raw value, as messages show it.
    public var description: String { rawValue }

    /// Whether the value is empty.
    public var isEmpty: Bool { rawValue.isEmpty }
}

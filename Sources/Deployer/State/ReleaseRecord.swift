/// One release of the last completed deploy: an element of the state file's `releases`.
///
/// bosh-cli replaces the whole list at deploy start (`[]`) and at deploy end.
public struct ReleaseRecord: Codable, Sendable, Hashable {
    /// Random id of this record (UUID), listed in `current_release_ids`.
    public var id: String
    /// Release name.
    public var name: String
    /// Release version.
    public var version: String
    /// Fields of this record written by a newer tool, kept on rewrite.
    public var unknownFields: [String: StateJSONValue]

    /// Creates a record.
    public init(id: String, name: String, version: String, unknownFields: [String: StateJSONValue] = [:]) {
        self.id = id
        self.name = name
        self.version = version
        self.unknownFields = unknownFields
    }

    static let knownKeys: Set<String> = ["id", "name", "version"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: StateCodingKey.self)
        id = try container.string("id")
        name = try container.string("name")
        version = try container.string("version")
        unknownFields = try container.unknownFields(excluding: Self.knownKeys)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: StateCodingKey.self)
        try container.encode(id, forKey: StateCodingKey("id"))
        try container.encode(name, forKey: StateCodingKey("name"))
        try container.encode(version, forKey: StateCodingKey("version"))
        try container.encodeUnknownFields(unknownFields, excluding: Self.knownKeys)
    }
}

import CPIProtocol
import DeployerSupport

/// One stemcell uploaded to the cloud: an element of the state file's `stemcells`.
///
/// bosh-cli appends a record right after `create_stemcell` and removes it after
/// `delete_stemcell`; `name`/`version` pairs are unique.
public struct StemcellRecord: Codable, Sendable, Hashable {
    /// Random id of this record (UUID), referenced by `current_stemcell_id`.
    public var id: String
    /// Stemcell name from its `stemcell.MF`.
    public var name: String
    /// Stemcell version from its `stemcell.MF` (`""` for a migrated legacy record).
    public var version: String
    /// The stemcell's `api_version` (nil when absent or 0; bosh-cli omits it then).
    public var apiVersion: Int?
    /// The cloud's stemcell identifier.
    public var cid: StemcellCID
    /// Fields of this record written by a newer tool, kept on rewrite.
    public var unknownFields: [String: StateJSONValue]

    /// Creates a record.
    public init(
        id: String, name: String, version: String, apiVersion: Int? = nil, cid: StemcellCID,
        unknownFields: [String: StateJSONValue] = [:]
    ) {
        self.id = id
        self.name = name
        self.version = version
        self.apiVersion = apiVersion == 0 ? nil : apiVersion
        self.cid = cid
        self.unknownFields = unknownFields
    }

    static let knownKeys: Set<String> = ["id", "name", "version", "api_version", "cid"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: StateCodingKey.self)
        id = try container.string("id")
        name = try container.string("name")
        version = try container.string("version")
        let api = try container.decodeIfPresent(Int.self, forKey: StateCodingKey("api_version"))
        apiVersion = api == 0 ? nil : api
        cid = StemcellCID(try container.string("cid"))
        unknownFields = try container.unknownFields(excluding: Self.knownKeys)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: StateCodingKey.self)
        try container.encode(id, forKey: StateCodingKey("id"))
        try container.encode(name, forKey: StateCodingKey("name"))
        try container.encode(version, forKey: StateCodingKey("version"))
        // Go's `omitempty`: 0 is not written.
        if let apiVersion, apiVersion != 0 {
            try container.encode(apiVersion, forKey: StateCodingKey("api_version"))
        }
        try container.encode(cid, forKey: StateCodingKey("cid"))
        try container.encodeUnknownFields(unknownFields, excluding: Self.knownKeys)
    }
}

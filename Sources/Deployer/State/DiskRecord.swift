import CPIProtocol
import DeployerSupport

/// One persistent disk the deployment created: an element of the state file's `disks`.
///
/// bosh-cli appends a record right after `create_disk` and removes it after `delete_disk`.
public struct DiskRecord: Codable, Sendable, Hashable {
    /// Random id of this record (UUID), referenced by `current_disk_id`.
    public var id: String
    /// The cloud's disk identifier.
    public var cid: DiskCID
    /// Size in MiB as requested when the disk was created (0 when unknown, e.g. a rebuilt or
    /// legacy record, which forces a migration on the next deploy).
    public var size: Int
    /// The disk pool's `cloud_properties` the disk was created with.
    public var cloudProperties: [String: StateJSONValue]
    /// Fields of this record written by a newer tool, kept on rewrite.
    public var unknownFields: [String: StateJSONValue]

    /// Creates a record.
    public init(
        id: String, cid: DiskCID, size: Int, cloudProperties: [String: StateJSONValue] = [:],
        unknownFields: [String: StateJSONValue] = [:]
    ) {
        self.id = id
        self.cid = cid
        self.size = size
        self.cloudProperties = cloudProperties
        self.unknownFields = unknownFields
    }

    static let knownKeys: Set<String> = ["id", "cid", "size", "cloud_properties"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: StateCodingKey.self)
        id = try container.string("id")
        cid = DiskCID(try container.string("cid"))
        size = try container.decodeIfPresent(Int.self, forKey: StateCodingKey("size")) ?? 0
        // bosh-cli writes `null` for a record rebuilt by hand without cloud properties.
        cloudProperties =
            try container.decodeIfPresent([String: StateJSONValue].self, forKey: StateCodingKey("cloud_properties"))
            ?? [:]
        unknownFields = try container.unknownFields(excluding: Self.knownKeys)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: StateCodingKey.self)
        try container.encode(id, forKey: StateCodingKey("id"))
        try container.encode(cid, forKey: StateCodingKey("cid"))
        try container.encode(size, forKey: StateCodingKey("size"))
        try container.encode(cloudProperties, forKey: StateCodingKey("cloud_properties"))
        try container.encodeUnknownFields(unknownFields, excluding: Self.knownKeys)
    }
}

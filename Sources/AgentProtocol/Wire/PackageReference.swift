import DeployerSupport

/// A named, versioned blob in the agent's blobstore: `{"name","version","sha1","blobstore_id"}`.
///
/// Used for apply-spec `packages` (compiled packages), `job.templates` (where bosh-cli sends
/// `sha1` and `blobstore_id` as empty strings) and `compile_package` dependencies.
public struct PackageReference: Codable, Sendable, Hashable {
    /// Package or job name.
    public var name: String
    /// Package or job fingerprint.
    public var version: String
    /// A bosh multi-digest string (`<sha1 hex>` or `sha256:<hex>`, `;`-joined).
    public var sha1: String
    /// The blob id in the agent's blobstore.
    public var blobstoreID: BlobID

    /// Creates a reference; bosh-cli leaves `sha1`/`blobstore_id` empty for job templates.
    public init(name: String, version: String, sha1: String = "", blobstoreID: BlobID = "") {
        self.name = name
        self.version = version
        self.sha1 = sha1
        self.blobstoreID = blobstoreID
    }

    enum CodingKeys: String, CodingKey {
        case name
        case version
        case sha1
        case blobstoreID = "blobstore_id"
    }

    public init(from decoder: any Decoder) throws {
        // get_state returns templates with only name and version: default the rest.
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        version = try container.decodeIfPresent(String.self, forKey: .version) ?? ""
        sha1 = try container.decodeIfPresent(String.self, forKey: .sha1) ?? ""
        blobstoreID = try container.decodeIfPresent(BlobID.self, forKey: .blobstoreID) ?? ""
    }
}

/// A blob id plus its digest: `{"blobstore_id","sha1"}`, as in `rendered_templates_archive`
/// and the `compile_package` result.
public struct BlobReference: Codable, Sendable, Hashable {
    /// The blob id in the agent's blobstore (a UUID).
    public var blobstoreID: BlobID
    /// A bosh multi-digest string; bosh-cli sends `sha256:<hex>` for rendered templates.
    public var sha1: String

    /// Creates a reference.
    public init(blobstoreID: BlobID, sha1: String) {
        self.blobstoreID = blobstoreID
        self.sha1 = sha1
    }

    enum CodingKeys: String, CodingKey {
        case blobstoreID = "blobstore_id"
        case sha1
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        blobstoreID = try container.decodeIfPresent(BlobID.self, forKey: .blobstoreID) ?? ""
        sha1 = try container.decodeIfPresent(String.self, forKey: .sha1) ?? ""
    }
}

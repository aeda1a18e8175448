/// What this tool keeps in a state file beyond bosh-cli's fields, all under the one key
/// `"deployer"` (bosh-cli ignores unknown keys when reading, though it drops them on rewrite).
public struct DeployerStateMetadata: Codable, Sendable, Hashable {
    /// The schema version this build writes and the newest it can read.
    public static let currentSchemaVersion = 1

    /// Schema version of the deployer's own fields; a file from a newer deployer is refused
    /// rather than half-understood.
    public var schemaVersion: Int
    /// A `create_vm` sent and not yet answered (`pending_create_vm`); see `PendingVMCreation`.
    public var pendingVM: PendingVMCreation?
    /// Stemcells whose `delete_stemcell` was sent and whose record is not removed yet
    /// (`deleting_stemcells`): the next run finishes those deletions before it could reuse
    /// a record of a stemcell the cloud no longer has.
    public var stemcellsBeingDeleted: [String]
    /// Keyed digests of the last completed deploy's manifest (`manifest_fingerprint`), so that
    /// `plan` can name the paths that changed; see `ManifestFingerprint` for why it gives no
    /// value back.
    public var manifestFingerprint: ManifestFingerprint?
    /// `create_disk` and `create_stemcell` calls sent whose answers are not recorded yet
    /// (`pending_creations`); see `PendingCreation`.
    public var pendingCreations: [PendingCreation]
    /// Fields under `"deployer"` this version does not know, kept on rewrite.
    public var unknownFields: [String: StateJSONValue]

    /// Metadata of the current schema.
    public init(
        schemaVersion: Int = DeployerStateMetadata.currentSchemaVersion, pendingVM: PendingVMCreation? = nil,
        stemcellsBeingDeleted: [String] = [], pendingCreations: [PendingCreation] = [],
        manifestFingerprint: ManifestFingerprint? = nil,
        unknownFields: [String: StateJSONValue] = [:]
    ) {
        self.schemaVersion = schemaVersion
        self.pendingVM = pendingVM
        self.stemcellsBeingDeleted = stemcellsBeingDeleted
        self.manifestFingerprint = manifestFingerprint
        self.pendingCreations = pendingCreations
        self.unknownFields = unknownFields
    }

    static let knownKeys: Set<String> = [
        "schema_version", "pending_create_vm", "deleting_stemcells", "pending_creations", "manifest_fingerprint",
    ]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: StateCodingKey.self)
        schemaVersion =
            try container.decodeIfPresent(Int.self, forKey: StateCodingKey("schema_version"))
            ?? Self.currentSchemaVersion
        pendingVM = try container.decodeIfPresent(PendingVMCreation.self, forKey: StateCodingKey("pending_create_vm"))
        stemcellsBeingDeleted =
            try container.decodeIfPresent([String].self, forKey: StateCodingKey("deleting_stemcells")) ?? []
        manifestFingerprint = try container.decodeIfPresent(
            ManifestFingerprint.self, forKey: StateCodingKey("manifest_fingerprint"))
        pendingCreations =
            try container.decodeIfPresent([PendingCreation].self, forKey: StateCodingKey("pending_creations")) ?? []
        unknownFields = try container.unknownFields(excluding: Self.knownKeys)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: StateCodingKey.self)
        try container.encode(schemaVersion, forKey: StateCodingKey("schema_version"))
        try container.encodeIfPresent(pendingVM, forKey: StateCodingKey("pending_create_vm"))
        if !stemcellsBeingDeleted.isEmpty {
            try container.encode(stemcellsBeingDeleted, forKey: StateCodingKey("deleting_stemcells"))
        }
        try container.encodeIfPresent(manifestFingerprint, forKey: StateCodingKey("manifest_fingerprint"))
        if !pendingCreations.isEmpty {
            try container.encode(pendingCreations, forKey: StateCodingKey("pending_creations"))
        }
        try container.encodeUnknownFields(unknownFields, excluding: Self.knownKeys)
    }
}

import CPIProtocol
import DeployerSupport

/// The deployment state file's content: what a create-env made in the cloud and what it last
/// deployed, field for field as bosh-cli's `config.DeploymentState`, so either tool can continue
/// from the other's file.
///
/// Empty strings in the file (bosh-cli's "unset") are `nil` here and written back as `""`;
/// `null` or missing arrays are empty. Keys this version does not know, at the top level and
/// in every record, are kept and written back. The deployer's own fields live under the single
/// key `"deployer"`.
public struct DeploymentState: Codable, Sendable, Hashable {
    /// UUID sent as the CPI's `director_uuid` and used as the agent's `reply_to`.
    public var directorID: String
    /// UUID naming the CPI installation directory.
    public var installationID: String
    /// The VM the deployment runs on, set right after `create_vm` and cleared after `delete_vm`.
    public var currentVMCID: VMCID?
    /// Id of the `stemcells` record the current VM was created from.
    public var currentStemcellID: String?
    /// Id of the `disks` record attached to the current VM.
    public var currentDiskID: String?
    /// Ids of the `releases` records of the last completed deploy.
    public var currentReleaseIDs: [String]
    /// SHA-512 hex of the interpolated manifest of the last completed deploy; nil while a
    /// deploy is in progress or after one failed, so the next run never skips.
    public var currentManifestSHA: String?
    /// Every persistent disk the deployment created and has not deleted.
    public var disks: [DiskRecord]
    /// Every stemcell uploaded and not deleted.
    public var stemcells: [StemcellRecord]
    /// Releases of the last completed deploy.
    public var releases: [ReleaseRecord]
    /// The deployer's own fields (`"deployer"`).
    public var deployer: DeployerStateMetadata
    /// Top-level keys this version does not know (written by a newer bosh-cli), kept on rewrite.
    public var unknownFields: [String: StateJSONValue]

    /// A state with the given identifiers and nothing deployed.
    public init(
        directorID: String, installationID: String, currentVMCID: VMCID? = nil, currentStemcellID: String? = nil,
        currentDiskID: String? = nil, currentReleaseIDs: [String] = [], currentManifestSHA: String? = nil,
        disks: [DiskRecord] = [], stemcells: [StemcellRecord] = [], releases: [ReleaseRecord] = [],
        deployer: DeployerStateMetadata = DeployerStateMetadata(), unknownFields: [String: StateJSONValue] = [:]
    ) {
        self.directorID = directorID
        self.installationID = installationID
        self.currentVMCID = currentVMCID
        self.currentStemcellID = currentStemcellID
        self.currentDiskID = currentDiskID
        self.currentReleaseIDs = currentReleaseIDs
        self.currentManifestSHA = currentManifestSHA
        self.disks = disks
        self.stemcells = stemcells
        self.releases = releases
        self.deployer = deployer
        self.unknownFields = unknownFields
    }

    /// The key under which the deployer keeps its own fields.
    public static let deployerKey = "deployer"

    static let knownKeys: Set<String> = [
        "director_id", "installation_id", "current_vm_cid", "current_stemcell_id", "current_disk_id",
        "current_release_ids", "current_manifest_sha", "disks", "stemcells", "releases", deployerKey,
    ]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: StateCodingKey.self)
        directorID = try container.string("director_id")
        installationID = try container.string("installation_id")
        currentVMCID = Self.nonEmpty(try container.string("current_vm_cid")).map { VMCID($0) }
        currentStemcellID = Self.nonEmpty(try container.string("current_stemcell_id"))
        currentDiskID = Self.nonEmpty(try container.string("current_disk_id"))
        currentReleaseIDs =
            try container.decodeIfPresent([String].self, forKey: StateCodingKey("current_release_ids")) ?? []
        currentManifestSHA = Self.nonEmpty(try container.string("current_manifest_sha"))
        disks = try container.decodeIfPresent([DiskRecord].self, forKey: StateCodingKey("disks")) ?? []
        stemcells = try container.decodeIfPresent([StemcellRecord].self, forKey: StateCodingKey("stemcells")) ?? []
        releases = try container.decodeIfPresent([ReleaseRecord].self, forKey: StateCodingKey("releases")) ?? []
        deployer =
            try container.decodeIfPresent(DeployerStateMetadata.self, forKey: StateCodingKey(Self.deployerKey))
            ?? DeployerStateMetadata()
        unknownFields = try container.unknownFields(excluding: Self.knownKeys)
    }

    /// Writes every bosh-cli field, even when empty, as bosh-cli does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: StateCodingKey.self)
        try container.encode(directorID, forKey: StateCodingKey("director_id"))
        try container.encode(installationID, forKey: StateCodingKey("installation_id"))
        try container.encode(currentVMCID?.rawValue ?? "", forKey: StateCodingKey("current_vm_cid"))
        try container.encode(currentStemcellID ?? "", forKey: StateCodingKey("current_stemcell_id"))
        try container.encode(currentDiskID ?? "", forKey: StateCodingKey("current_disk_id"))
        try container.encode(currentReleaseIDs, forKey: StateCodingKey("current_release_ids"))
        try container.encode(currentManifestSHA ?? "", forKey: StateCodingKey("current_manifest_sha"))
        try container.encode(disks, forKey: StateCodingKey("disks"))
        try container.encode(stemcells, forKey: StateCodingKey("stemcells"))
        try container.encode(releases, forKey: StateCodingKey("releases"))
        try container.encode(deployer, forKey: StateCodingKey(Self.deployerKey))
        try container.encodeUnknownFields(unknownFields, excluding: Self.knownKeys)
    }

    private static func nonEmpty(_ value: String) -> String? { value.isEmpty ? nil : value }
}

import DeployerSupport

/// The argument of `update_settings`: `[settings]`. The agent persists the object as sent, so
/// it travels as JSON; `SettingsUpdate` is what the deployer builds it from.
public struct UpdateSettingsArguments: Sendable, Hashable {
    /// The settings object as sent.
    public var settings: AgentJSON

    /// The arguments for `update`.
    /// - Throws: `EncodingError` (not expected for these plain values).
    public init(_ update: SettingsUpdate) throws {
        settings = try AgentJSON(encoding: update)
    }

    /// The arguments for a settings object received as is.
    public init(settings: AgentJSON) {
        self.settings = settings
    }

    func encoded() -> [AgentJSON] {
        [settings]
    }

    init(decoding arguments: PositionalArguments) throws {
        try arguments.require(1)
        settings = arguments.values[0]
    }
}

/// The settings object of `update_settings` (not used by create-env; spec agent.md §8).
public struct SettingsUpdate: Codable, Sendable, Hashable {
    /// A PEM bundle to install as trusted certificates.
    public var trustedCerts: String?
    /// Disk names to CIDs, for the agent's disk links.
    public var diskAssociations: [DiskAssociation]?
    /// `{"cert": {...}, "urls": [...]}`; a change restarts the agent.
    public var mbus: AgentJSON?
    /// `[{"provider", "options"}]`; a change restarts the agent.
    public var blobstores: [AgentJSON]?

    /// Creates a settings update; `nil` fields are omitted.
    public init(
        trustedCerts: String? = nil, diskAssociations: [DiskAssociation]? = nil,
        mbus: AgentJSON? = nil, blobstores: [AgentJSON]? = nil
    ) {
        self.trustedCerts = trustedCerts
        self.diskAssociations = diskAssociations
        self.mbus = mbus
        self.blobstores = blobstores
    }

    enum CodingKeys: String, CodingKey {
        case trustedCerts = "trusted_certs"
        case diskAssociations = "disk_associations"
        case mbus, blobstores
    }
}

/// `{"name", "cid"}` in `update_settings.disk_associations`.
public struct DiskAssociation: Codable, Sendable, Hashable {
    /// The disk name.
    public var name: String
    /// The disk CID.
    public var cid: String

    /// Creates an association.
    public init(name: String, cid: String) {
        self.name = name
        self.cid = cid
    }
}

/// The options object of `run_script`: `{"env": {...}}`; bosh-cli sends `{}`.
public struct RunScriptOptions: Codable, Sendable, Hashable {
    /// Extra environment for the script; omitted when `nil`.
    public var env: [String: String]?

    /// Creates options; `nil` sends `{}` as bosh-cli does.
    public init(env: [String: String]? = nil) {
        self.env = env
    }
}

/// The first argument of `drain`.
public enum DrainType: String, Codable, Sendable {
    case update
    case shutdown
    /// Always rejected by the agent; sent only after a negative drain answer.
    case status
}

/// The argument of `delete_arp_entries`: `{"ips": [...]}`.
public struct DeleteARPEntriesArguments: Codable, Sendable, Hashable {
    /// The IPs whose ARP entries to delete.
    public var ips: [String]

    /// Creates the argument.
    public init(ips: [String]) {
        self.ips = ips
    }
}

/// The argument of `update_settings` (not used by create-env; spec agent.md §8).
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

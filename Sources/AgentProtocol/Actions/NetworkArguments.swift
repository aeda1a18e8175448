import DeployerSupport

/// The argument of `delete_arp_entries`: `[{"ips": [...]}]`.
public struct DeleteARPEntriesArguments: Codable, Sendable, Hashable {
    /// The IPs whose ARP entries to delete.
    public var ips: [String]

    /// Creates the argument.
    public init(ips: [String]) {
        self.ips = ips
    }

    func encoded() throws -> [AgentJSON] {
        [try AgentJSON(encoding: self)]
    }

    init(decoding arguments: PositionalArguments) throws {
        self = try arguments.decode(0, as: DeleteARPEntriesArguments.self)
    }
}

/// The arguments of `sync_dns`: `[blob_id, digest, version]` (not used by create-env).
public struct SyncDNSArguments: Sendable, Hashable {
    /// Id of the DNS records blob.
    public var blobID: BlobID
    /// Its digest.
    public var digest: String
    /// The records' version; the agent ignores older ones.
    public var version: UInt64

    /// Creates the arguments.
    public init(blobID: BlobID, digest: String, version: UInt64) {
        self.blobID = blobID
        self.digest = digest
        self.version = version
    }

    func encoded() -> [AgentJSON] {
        [.string(blobID.rawValue), .string(digest), .integer(version)]
    }

    init(decoding arguments: PositionalArguments) throws {
        blobID = BlobID(try arguments.string(0))
        digest = try arguments.string(1)
        version = try arguments.decode(2, as: UInt64.self)
    }
}

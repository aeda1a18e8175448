import CPIProtocol
import DeployerSupport

/// `stemcells/<cid>/stemcell.json`.
struct StemcellRecord: Codable, Sendable, Equatable {
    var cid: String
    /// The `image_path` argument of `create_stemcell`.
    var imagePath: String
    /// The `cloud_properties` argument (`stemcell.MF`'s).
    var cloudProperties: JSONValue
    /// The agent binary inside the unpacked image, when it carries one.
    var agentBinary: String?
    var createdAt: String

    enum CodingKeys: String, CodingKey {
        case cid
        case imagePath = "image_path"
        case cloudProperties = "cloud_properties"
        case agentBinary = "agent_binary"
        case createdAt = "created_at"
    }
}

/// `vms/<cid>/vm.json`.
struct VMRecord: Codable, Sendable, Equatable {
    var cid: String
    var agentID: String
    var stemcellCID: String
    /// The VM's static IP (in 127.0.0.0/8).
    var ip: String
    /// The agent executable the VM runs.
    var agentBinary: String
    /// The running agent, when one was started.
    var agent: ProcessIdentity?
    var cloudProperties: JSONValue
    var metadata: [String: String]
    var createdAt: String

    enum CodingKeys: String, CodingKey {
        case cid, ip, agent, metadata
        case agentID = "agent_id"
        case stemcellCID = "stemcell_cid"
        case agentBinary = "agent_binary"
        case cloudProperties = "cloud_properties"
        case createdAt = "created_at"
    }
}

/// `disks/<cid>/disk.json`.
struct DiskRecord: Codable, Sendable, Equatable {
    var cid: String
    var sizeMiB: Int
    var cloudProperties: JSONValue
    /// The VM it is attached to.
    var attachedTo: String?
    var metadata: [String: String]
    var createdAt: String

    enum CodingKeys: String, CodingKey {
        case cid, metadata
        case sizeMiB = "size_mib"
        case cloudProperties = "cloud_properties"
        case attachedTo = "attached_to"
        case createdAt = "created_at"
    }
}

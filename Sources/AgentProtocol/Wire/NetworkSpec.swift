/// One network interface of an instance, as bosh-cli sends it in the apply spec and the CPI
/// `create_vm` `networks` argument (spec agent.md §9).
///
/// Optional keys are omitted when `nil`, as bosh-cli omits them (e.g. no `ip` for dynamic
/// networks, no `dns` when empty).
public struct NetworkSpec: Codable, Sendable, Hashable {
    /// `manual`, `dynamic` or `vip`.
    public var type: String
    /// Static IP (manual, vip); the agent fills it for dynamic networks.
    public var ip: String?
    /// Dotted quad (IPv4) or 8 colon-separated groups (IPv6).
    public var netmask: String?
    /// Gateway IP (manual networks).
    public var gateway: String?
    /// DNS servers; omitted when none.
    public var dns: [String]?
    /// What this network provides by default (`dns`, `gateway`).
    public var `default`: [String]?
    /// Subnet-level (manual) or network-level (dynamic, vip) cloud properties.
    public var cloudProperties: [String: AgentJSON]

    /// Creates a network spec; `nil` keys are omitted on the wire.
    public init(
        type: String, ip: String? = nil, netmask: String? = nil, gateway: String? = nil,
        dns: [String]? = nil, default: [String]? = nil, cloudProperties: [String: AgentJSON] = [:]
    ) {
        self.type = type
        self.ip = ip
        self.netmask = netmask
        self.gateway = gateway
        self.dns = dns
        self.default = `default`
        self.cloudProperties = cloudProperties
    }

    enum CodingKeys: String, CodingKey {
        case type, ip, netmask, gateway, dns, `default`
        case cloudProperties = "cloud_properties"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? ""
        ip = try container.decodeIfPresent(String.self, forKey: .ip)
        netmask = try container.decodeIfPresent(String.self, forKey: .netmask)
        gateway = try container.decodeIfPresent(String.self, forKey: .gateway)
        dns = try container.decodeIfPresent([String].self, forKey: .dns)
        self.default = try container.decodeIfPresent([String].self, forKey: .default)
        cloudProperties = try container.decodeIfPresent([String: AgentJSON].self, forKey: .cloudProperties) ?? [:]
    }
}

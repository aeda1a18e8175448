import GoYAML
import Interpolation

/// The network settings of the VM on one network: the `networks` entries of CPI `create_vm`
/// and of the agent's apply spec.
public struct NetworkInterface: Sendable, Hashable {
    /// The network's name (the key in the `networks` object).
    public var name: String
    /// The network type.
    public var type: ManifestNetwork.Kind
    /// The first static IP; nil for dynamic networks (the agent reports the address).
    public var ip: String?
    /// Manual networks only, derived from the subnet range.
    public var netmask: String?
    /// Manual networks only (always present for them, even empty).
    public var gateway: String?
    /// The subnet's DNS (manual) or the network's (dynamic); nil when empty.
    public var dns: [String]?
    /// Subnet cloud properties for manual networks, network ones otherwise.
    public var cloudProperties: YAMLMap
    /// `dns` and/or `gateway`; forced to both when the job has a single network.
    public var defaults: [String]?

    /// Creates a value from its fields.
    public init(
        name: String, type: ManifestNetwork.Kind, ip: String? = nil, netmask: String? = nil, gateway: String? = nil,
        dns: [String]? = nil, cloudProperties: YAMLMap = YAMLMap(), defaults: [String]? = nil
    ) {
        self.name = name
        self.type = type
        self.ip = ip
        self.netmask = netmask
        self.gateway = gateway
        self.dns = dns
        self.cloudProperties = cloudProperties
        self.defaults = defaults
    }

    /// Whether this network provides the default gateway (and so the VM's address).
    public var isDefaultGateway: Bool { defaults?.contains("gateway") == true }

    /// The interface as the wire object bosh-cli sends, keys sorted as Go's JSON encoder does.
    public var node: YAMLNode {
        var map = YAMLMap()
        map["cloud_properties"] = .map(cloudProperties)
        if let defaults { map["default"] = .array(defaults.map(YAMLNode.string)) }
        if let dns { map["dns"] = .array(dns.map(YAMLNode.string)) }
        if let gateway { map["gateway"] = .string(gateway) }
        if let ip { map["ip"] = .string(ip) }
        if let netmask { map["netmask"] = .string(netmask) }
        map["type"] = .string(type.rawValue)
        return .map(map)
    }
}

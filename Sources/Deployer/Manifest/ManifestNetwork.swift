import GoYAML
import Interpolation

/// A `networks[]` entry.
public struct ManifestNetwork: Sendable, Hashable {
    /// The kinds bosh-cli knows; anything else is kept as written so validation can report it.
    public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The `type` as written.
        public var rawValue: String
        /// Creates a value from its fields.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// One subnet; the VM gets a static IP.
        public static let manual = Kind(rawValue: "manual")
        /// DHCP; the agent reports the address.
        public static let dynamic = Kind(rawValue: "dynamic")
        /// A public IP attached to the VM.
        public static let vip = Kind(rawValue: "vip")

        /// Whether bosh-cli accepts this type.
        public var isKnown: Bool { self == .manual || self == .dynamic || self == .vip }
        public var description: String { rawValue }
    }

    /// The name.
    public var name: String
    /// `manual`, `dynamic` or `vip`.
    public var type: Kind
    /// Network-level cloud properties (used for dynamic and vip networks).
    public var cloudProperties: YAMLMap
    /// Network-level DNS servers (used for dynamic networks).
    public var dns: [String]
    /// Subnets; a manual network has exactly one.
    public var subnets: [ManifestSubnet]

    /// Creates a value from its fields.
    public init(
        name: String, type: Kind, cloudProperties: YAMLMap = YAMLMap(), dns: [String] = [],
        subnets: [ManifestSubnet] = []
    ) {
        self.name = name
        self.type = type
        self.cloudProperties = cloudProperties
        self.dns = dns
        self.subnets = subnets
    }
}

/// A `networks[].subnets[]` entry (`static`, `reserved` and `azs` are ignored by create-env).
public struct ManifestSubnet: Sendable, Hashable {
    /// CIDR of the subnet (`10.0.0.0/24`).
    public var range: String
    /// Gateway address; inside the range, not its first or last address.
    public var gateway: String
    /// DNS servers of the subnet.
    public var dns: [String]
    /// Cloud properties passed to the CPI as they are.
    public var cloudProperties: YAMLMap

    /// Creates a value from its fields.
    public init(range: String, gateway: String, dns: [String] = [], cloudProperties: YAMLMap = YAMLMap()) {
        self.range = range
        self.gateway = gateway
        self.dns = dns
        self.cloudProperties = cloudProperties
    }
}

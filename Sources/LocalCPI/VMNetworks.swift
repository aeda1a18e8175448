import CPIProtocol
import DeployerSupport

/// The `networks` argument of `create_vm`, checked for the local cloud: every VM needs a
/// static IP, and every IP must be a loopback address (127.0.0.0/8), since the agent listens
/// on it on this machine.
struct VMNetworks: Sendable, Equatable {
    /// The IP the agent listens on: the network marked `default: [..., "gateway"]`, else the
    /// first network (by name) with an IP.
    let primaryIP: String
    /// Every IP in the request.
    let ips: [String]

    /// - Throws: `CPIResponseError` (`CloudError`) naming the network and the IP.
    init(_ networks: JSONValue) throws(CPIResponseError) {
        guard let members = networks.objectValue, !members.isEmpty else {
            throw .cloud("create_vm: 'networks' must name at least one network with a static IP in 127.0.0.0/8")
        }
        var ips: [String] = []
        var primary: String?
        for name in members.keys.sorted() {
            guard let network = members[name], network.objectValue != nil else {
                throw .cloud("create_vm: network '\(name)' must be an object")
            }
            guard let ip = network["ip"]?.stringValue else { continue }
            guard Self.isLoopback(ip) else {
                throw .cloud(
                    "create_vm: network '\(name)' has IP '\(ip)', which is outside 127.0.0.0/8; "
                        + "the local cloud only places VMs on loopback addresses")
            }
            ips.append(ip)
            let defaults = network["default"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if defaults.contains("gateway"), primary == nil { primary = ip }
        }
        guard let first = ips.first else {
            throw .cloud("create_vm: no network has a static 'ip'; the local cloud needs one in 127.0.0.0/8")
        }
        self.ips = ips
        self.primaryIP = primary ?? first
    }

    /// A dotted-quad IPv4 address whose first octet is 127.
    static func isLoopback(_ ip: String) -> Bool {
        let parts = ip.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber),
                let value = Int(part), value <= 255
            else { return false }
        }
        return parts[0] == "127"
    }
}

import AgentClient
import AgentProtocol
import DeployerSupport
import GoYAML
import Interpolation

/// Conversions of manifest values (`YAMLNode`) into the JSON the CPI, the agent and the
/// template renderer take. They live here because those modules may not import Interpolation.
enum WireValues {
    /// A manifest value as JSON, as Go's JSON round trip gives it (whole floats as integers).
    static func json(_ node: YAMLNode) -> JSONValue {
        JSONValue(yaml: node)
    }

    /// A manifest map as a JSON object (non-string keys written as text).
    static func jsonObject(_ map: YAMLMap) -> [String: JSONValue] {
        JSONValue.object(yaml: map)
    }

    /// The VM's interfaces as the `networks` argument of `create_vm`.
    static func cpiNetworks(_ interfaces: [NetworkInterface]) -> JSONValue {
        var object: [String: JSONValue] = [:]
        for interface in interfaces { object[interface.name] = json(interface.node) }
        return .object(object)
    }

    /// The VM's interfaces as the `networks` of an apply spec; what the agent reported
    /// (`get_state`) fills in the address of a dynamic network.
    static func agentNetworks(
        _ interfaces: [NetworkInterface], reported: [String: NetworkSpec] = [:]
    ) -> [String: NetworkSpec] {
        var networks: [String: NetworkSpec] = [:]
        for interface in interfaces {
            networks[interface.name] = NetworkSpec(
                type: interface.type.rawValue, ip: interface.ip ?? reported[interface.name]?.ip,
                netmask: interface.netmask ?? reported[interface.name]?.netmask,
                gateway: interface.gateway ?? reported[interface.name]?.gateway, dns: interface.dns,
                default: interface.defaults, cloudProperties: jsonObject(interface.cloudProperties))
        }
        return networks
    }
}

import AgentClient
import CPIProtocol
import Interpolation
import ReleaseCompiler

/// Conversions of manifest values (`YAMLNode`) into the value types of the modules the
/// orchestrator drives: CPI arguments, agent arguments and template properties. They live
/// here because those modules may not import each other or Interpolation.
enum WireValues {
    /// A manifest value as CPI JSON; whole floats become integers, as Go's JSON round trip gives.
    static func json(_ node: YAMLNode) -> JSONValue {
        switch node {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .float(let number):
            if let whole = Int(exactly: number) { return .int(whole) }
            return .double(number)
        case .string(let text): return .string(text)
        case .array(let elements): return .array(elements.map(json))
        case .map(let map): return .object(jsonObject(map))
        }
    }

    /// A manifest map as a CPI JSON object (non-string keys written as text).
    static func jsonObject(_ map: YAMLMap) -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        for entry in map.entries { object[keyText(entry.key)] = json(entry.value) }
        return object
    }

    /// A manifest value as a template property value.
    static func property(_ node: YAMLNode) -> PropertyValue {
        switch node {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .float(let number): return .double(number)
        case .string(let text): return .string(text)
        case .array(let elements): return .array(elements.map(property))
        case .map(let map):
            var object: [String: PropertyValue] = [:]
            for entry in map.entries { object[keyText(entry.key)] = property(entry.value) }
            return .object(object)
        }
    }

    /// A manifest map as an agent JSON object.
    static func agentObject(_ map: YAMLMap) -> [String: AgentJSON] {
        var object: [String: AgentJSON] = [:]
        for entry in map.entries { object[keyText(entry.key)] = agent(json(entry.value)) }
        return object
    }

    /// A CPI JSON value (e.g. an `attach_disk` hint) as agent JSON.
    static func agent(_ value: JSONValue) -> AgentJSON {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(Int64(number))
        case .double(let number): return .double(number)
        case .string(let text): return .string(text)
        case .array(let elements): return .array(elements.map(agent))
        case .object(let object): return .object(object.mapValues(agent))
        }
    }

    /// A stemcell's `cloud_properties` (from `stemcell.MF`) as CPI JSON.
    static func json(_ value: PropertyValue) -> JSONValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .double(let number): return .double(number)
        case .string(let text): return .string(text)
        case .array(let elements): return .array(elements.map(json))
        case .object(let object): return .object(object.mapValues(json))
        }
    }

    /// The VM's interfaces as the `networks` argument of `create_vm`.
    static func cpiNetworks(_ interfaces: [NetworkInterface]) -> JSONValue {
        var object: [String: JSONValue] = [:]
        for interface in interfaces { object[interface.name] = json(interface.node) }
        return .object(object)
    }

    /// The VM's interfaces as the `networks` of an apply spec; `address` fills in the IP of a
    /// dynamic network once the agent has reported it.
    static func agentNetworks(_ interfaces: [NetworkInterface], reported: [String: NetworkSpec] = [:]) -> [String: NetworkSpec] {
        var networks: [String: NetworkSpec] = [:]
        for interface in interfaces {
            networks[interface.name] = NetworkSpec(
                type: interface.type.rawValue, ip: interface.ip ?? reported[interface.name]?.ip,
                netmask: interface.netmask ?? reported[interface.name]?.netmask,
                gateway: interface.gateway ?? reported[interface.name]?.gateway, dns: interface.dns,
                default: interface.defaults, cloudProperties: agentObject(interface.cloudProperties))
        }
        return networks
    }

    private static func keyText(_ key: YAMLNode) -> String {
        switch key {
        case .string(let text): text
        case .int(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .float(let number): "\(number)"
        case .null: "<nil>"
        case .array, .map: "\(key)"
        }
    }
}

import DeployerSupport

/// Any JSON value in the agent protocol's free-form parts (CPI `cloud_properties`,
/// `attach_disk` hints, task results, the positional `arguments` array): the shared
/// `JSONValue`, under the name the wire types use.
public typealias AgentJSON = JSONValue

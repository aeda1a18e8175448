import DeployerSupport

/// Job property defaults, properties handed to template rendering, and the ERB context: the
/// shared `JSONValue` under the name this module's API uses. YAML values become JSON through
/// one conversion, `JSONValue(yaml:)` in GoYAML, here and in the deployer.
public typealias PropertyValue = JSONValue

import GoYAML

/// One entry of a manifest's `variables:` section, or a bare name being looked up.
///
/// bosh-cli passes the whole definition to every variable source; only the vars store looks
/// at `type` and `options` (to generate a missing value).
public struct VariableDefinition: Sendable, Hashable {
    /// The variable's name, e.g. `default_ca` or `/dns_api_tls_ca`.
    public var name: String
    /// The definition's `type` (`password`, `certificate`, `rsa`, `ssh`); empty when untyped.
    public var type: String
    /// The definition's `options`, already interpolated when handed to a source; nil when absent.
    public var options: YAMLNode?

    /// Creates a definition.
    public init(name: String, type: String = "", options: YAMLNode? = nil) {
        self.name = name
        self.type = type
        self.options = options
    }
}

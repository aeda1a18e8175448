import GoYAML

/// Creates the value of a typed variable from the `variables:` section when the vars store
/// does not hold it yet (bosh-cli's vendored config-server generators).
public protocol VariableGenerator: Sendable {
    /// Generates a value.
    ///
    /// - Parameters:
    ///   - type: the definition's `type` (`password`, `certificate`, `rsa`, `ssh`).
    ///   - options: the definition's `options`, already interpolated; nil when absent.
    ///   - lookup: finds the current value of another variable (a certificate's `ca`); nil
    ///     when that variable is not known.
    /// - Returns: the new value (a string for passwords, a map for the other types).
    /// - Throws: an error whose description is bosh-cli's text for the failure
    ///   (e.g. `Unsupported value type: user`).
    func generate(type: String, options: YAMLNode?, lookup: (String) throws -> YAMLNode?) throws -> YAMLNode
}

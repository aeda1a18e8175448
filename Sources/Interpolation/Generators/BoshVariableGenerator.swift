import Foundation
import GoYAML

/// The generators bosh-cli vendors from cloudfoundry/config-server, for typed variables of
/// a manifest's `variables:` section: `password`, `certificate`, `rsa` and `ssh`.
///
/// Values, defaults, option checks and error texts follow config-server (see
/// `spec/interpolation.md` §4); keys are RSA, certificates are signed with SHA-256.
public struct BoshVariableGenerator: VariableGenerator {
    /// Creates the generator; it holds no state.
    public init() {}

    /// Generates a value of `type`.
    ///
    /// - Parameters:
    ///   - type: `password`, `certificate`, `rsa` or `ssh`.
    ///   - options: the definition's options; `rsa` and `ssh` ignore them.
    ///   - lookup: returns the value of the variable a certificate's `ca` option names.
    /// - Returns: a string for `password`, otherwise a map of PEM strings (and, for `ssh`,
    ///   the authorized_keys line and its MD5 fingerprint).
    /// - Throws: `VariableGenerationError` whose description is bosh-cli's text.
    public func generate(type: String, options: YAMLNode?, lookup: (String) throws -> YAMLNode?) throws -> YAMLNode {
        switch type {
        case "password":
            return try PasswordGenerator().generate(options: options)
        case "certificate":
            return try CertificateGenerator().generate(options: options, lookup: lookup)
        case "rsa":
            return try RSAKeyGenerator().generate()
        case "ssh":
            return try SSHKeyGenerator().generate()
        default:
            throw VariableGenerationError.unsupportedType(type)
        }
    }
}

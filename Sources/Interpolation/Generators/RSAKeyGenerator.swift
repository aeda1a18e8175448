import GoYAML

/// config-server's `rsa` generator: a 2048-bit key as `{private_key, public_key}` (PKCS#1 and
/// PKIX PEM). Options are ignored, as upstream does.
struct RSAKeyGenerator: Sendable {
    static let keyBits = 2048

    /// - Throws: `VariableGenerationError.generation` when key generation fails.
    func generate() throws -> YAMLNode {
        let key = try RSAKeyPair.generate(bits: Self.keyBits, failureStep: "Generating RSA key pair")
        var value = YAMLMap()
        value["private_key"] = .string(key.privateKeyPKCS1PEM)
        value["public_key"] = .string(key.publicKeyPKIXPEM)
        return .map(value)
    }
}

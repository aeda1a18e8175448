import GoYAML

/// config-server's password generator: `length` characters (default 20) drawn uniformly
/// from `[a-z0-9]` with a cryptographic random source.
struct PasswordGenerator: Sendable {
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    static let defaultLength = 20
    /// Our own ceiling, so a typo such as `length: 1000000000000` fails instead of exhausting
    /// memory.
    static let maximumLength = 1 << 20

    /// - Throws: `VariableGenerationError` for bad options.
    func generate(options: YAMLNode?) throws -> YAMLNode {
        let decoded: DecodedOptions
        do {
            decoded = try ConfigServerOptions.decode(options, fields: ["length": .int], supported: ["length"])
        } catch {
            throw VariableGenerationError.invalidParameters(kind: "password", reason: error)
        }
        var length = decoded.int("length")
        if length < 0 { throw VariableGenerationError.negativePasswordLength }
        if length == 0 { length = Self.defaultLength }
        if length > Self.maximumLength { throw VariableGenerationError.passwordTooLong(length) }
        // SystemRandomNumberGenerator reads the kernel CSPRNG; `randomElement` is unbiased.
        var generator = SystemRandomNumberGenerator()
        var password = ""
        password.reserveCapacity(length)
        for _ in 0..<length {
            password.append(Self.alphabet.randomElement(using: &generator) ?? "a")
        }
        return .string(password)
    }
}

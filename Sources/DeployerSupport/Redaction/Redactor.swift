/// Removes secrets from text before it is logged or shown: registered secret strings, PEM
/// private-key blocks, passwords in URLs, and values of sensitive keys in JSON and YAML.
///
/// A key is sensitive when its name contains (case-insensitively) `password`, `secret`,
/// `private_key`, `token`, `certificate` or `key`, at any nesting depth; its whole value
/// (string, number, object, list, or YAML block) becomes `<redacted>`.
public struct Redactor: Sendable {
    /// What replaces every secret.
    public static let placeholder = "<redacted>"

    /// Words that make a key sensitive.
    public static let sensitiveWords = ["password", "secret", "private_key", "token", "certificate", "key"]

    /// The registry of explicit secret strings.
    public let registry: SecretRegistry

    /// Creates a redactor using `registry` (the process-wide one by default).
    public init(registry: SecretRegistry = .shared) {
        self.registry = registry
    }

    /// `text` with the password of every `scheme://user:password@host` URL in it masked, and
    /// nothing else changed: for messages that show a URL the process was given. The userinfo
    /// ends at the last `@` before the host, so a password typed with a raw `@` is hidden whole.
    public static func urlPasswords(in text: String) -> String {
        String(decoding: RedactionScanners.urlPasswords(Array(text.utf8)), as: UTF8.self)
    }

    /// Returns `text` with every secret replaced by `<redacted>`.
    public func redact(_ text: String) -> String {
        var bytes = Array(text.utf8)
        for secret in registry.registered {
            bytes = Self.replaceAll(Array(secret.utf8), in: bytes)
            let escaped = Self.jsonEscaped(secret)
            if escaped != secret { bytes = Self.replaceAll(Array(escaped.utf8), in: bytes) }
        }
        bytes = RedactionScanners.pemPrivateKeys(bytes)
        bytes = RedactionScanners.urlPasswords(bytes)
        bytes = RedactionScanners.jsonValues(bytes)
        bytes = RedactionScanners.yamlValues(bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether a key name is sensitive.
    public static func isSensitiveKey(_ key: some StringProtocol) -> Bool {
        let lowered = key.lowercased()
        return sensitiveWords.contains { lowered.contains($0) }
    }

    static func replaceAll(_ needle: [UInt8], in haystack: [UInt8]) -> [UInt8] {
        guard !needle.isEmpty, haystack.count >= needle.count else { return haystack }
        let replacement = Array(placeholder.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(haystack.count)
        var index = 0
        let first = needle[0]
        while index < haystack.count {
            if haystack[index] == first, index + needle.count <= haystack.count,
                haystack[index..<index + needle.count].elementsEqual(needle)
            {
                out.append(contentsOf: replacement)
                index += needle.count
            } else {
                out.append(haystack[index])
                index += 1
            }
        }
        return out
    }

    /// How the secret looks inside a JSON string (a private key's newlines become `\n`).
    static func jsonEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if let escape = GoJSON.backslashEscape(scalar) {
                out += escape
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

import Foundation

/// Hides credentials in CPI text before it reaches a log or an error message: values of keys
/// matching `password|secret|private_key|token|certificate` (JSON `"key":"value"`, YAML
/// `key: value`, `key=value`) and whole PEM private key blocks.
///
/// (DeployerSupport may grow a shared `Redactor`; this one covers what CPI traffic needs.)
public enum CPIRedactor {
    /// What replaces a hidden value.
    public static let mask = "<redacted>"

    static let sensitiveKey = #"[A-Za-z0-9_.\-]*(?:password|secret|private_key|token|certificate)[A-Za-z0-9_.\-]*"#

    /// `text` with secrets replaced by `<redacted>`.
    public static func redact(_ text: String) -> String {
        var out = text
        // PEM private keys, raw or inside a JSON string (newlines escaped as \n).
        if let pem = try? Regex(#"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----"#) {
            out = out.replacing(pem, with: "<redacted private key>")
        }
        // A PEM block cut off by a truncation has no END line: hide everything after BEGIN.
        if let cut = try? Regex(#"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*$"#) {
            out = out.replacing(cut, with: "<redacted private key>")
        }
        // The end of a block whose BEGIN line was cut off (a tail of stderr): hide up to its END.
        if let orphan = try? Regex(#"^[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----"#), out.contains("PRIVATE KEY-----") {
            out = out.replacing(orphan, with: "<redacted private key>", maxReplacements: 1)
        }
        // `"db_password": "x"`, `token: abc`, `secret='x'`, `PASSWORD=x`: keep the key, hide the value.
        let value = #"(?:"(?:[^"\\]|\\.)*"?|'[^']*'|[^\s,}\]"'{\[<][^\s,}\]]*)"#
        if let pair = try? Regex(#"(?im)((?:^|[\s,{"'])\#(sensitiveKey)["']?\s*[:=]\s*)(\#(value))"#) {
            out = out.replacing(pair) { match in
                let prefix = match.output[1].substring.map(String.init) ?? ""
                let old = match.output[2].substring ?? ""
                if old.hasPrefix("\"") { return prefix + "\"" + mask + "\"" }
                if old.hasPrefix("'") { return prefix + "'" + mask + "'" }
                return prefix + mask
            }
        }
        return out
    }

    /// A short, redacted start of `text` for an error message (never the whole of it).
    public static func excerpt(_ text: String, limit: Int = 200) -> String {
        // Redact before cutting so a cut cannot split a secret from its key.
        let trimmed = redact(String(text.prefix(limit * 4))).trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.count > limit || text.count > limit * 4 ? String(trimmed.prefix(limit)) + "…" : trimmed
    }

    /// The last `lines` lines of `text`, redacted, each cut at 300 characters.
    public static func tail(_ text: String, lines: Int = 15) -> String {
        // Cut first (a CPI's stderr can be a megabyte), keeping a few extra lines so a secret's
        // key is not separated from its value at the cut; then redact.
        let recent = text.split(separator: "\n", omittingEmptySubsequences: true).suffix(lines + 5)
        let all = redact(recent.joined(separator: "\n")).split(separator: "\n", omittingEmptySubsequences: true)
        return all.suffix(lines).map { $0.count > 300 ? String($0.prefix(300)) + "…" : String($0) }
            .joined(separator: "\n")
    }
}

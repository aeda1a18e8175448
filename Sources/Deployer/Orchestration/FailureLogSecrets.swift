import DeployerSupport
import Foundation
import GoYAML
import Interpolation

/// The secrets of this deployment that a job's log lines must not show under an error: job
/// logs are written by the jobs, which were given the manifest's credentials. They feed the
/// shared `Redactor` (which also hides private keys, URL passwords and values of sensitive
/// keys by their look):
///
/// - every value of the vars store (generated passwords, keys and certificates);
/// - every string in the interpolated manifest under a key that `Redactor.isSensitiveKey`
///   finds sensitive (`password`, `secret`, `private_key`, `token`, `certificate`, `key`);
/// - the password of every URL in the manifest (the mbus URLs carry the agent's).
///
/// Values shorter than `minimumLength` are left out: `env.bosh.password: '*'` would otherwise
/// hide every `*` of every line.
enum FailureLogSecrets {
    /// Shortest value treated as a secret.
    static let minimumLength = 4

    /// A registry of the secrets of `manifest` and the vars store.
    /// - Parameters:
    ///   - manifest: the interpolated manifest, or nil when it could not be read again.
    ///   - varsStore: `--vars-store` as given, or nil.
    ///   - home: the user's home, for a `~` in the vars store path.
    static func registry(manifest: YAMLNode?, varsStore: String?, home: String?) -> SecretRegistry {
        var secrets: [String] = []
        if let manifest { collect(manifest, underSensitiveKey: false, into: &secrets) }
        if let varsStore, let path = try? FileContents.expand(varsStore, home: home),
            let bytes = try? FileContents.read(path), let store = try? YAMLCodec.parse(bytes: bytes)
        {
            collect(store, underSensitiveKey: true, into: &secrets)
        }
        let registry = SecretRegistry()
        registry.register(contentsOf: secrets.filter { $0.count >= minimumLength })
        return registry
    }

    private static func collect(_ node: YAMLNode, underSensitiveKey sensitive: Bool, into secrets: inout [String]) {
        switch node {
        case .string(let text):
            if sensitive { secrets.append(text) }
            secrets += urlPasswords(in: text)
        case .int(let value) where sensitive: secrets.append(String(value))
        case .array(let items):
            for item in items { collect(item, underSensitiveKey: sensitive, into: &secrets) }
        case .map(let map):
            for entry in map.entries {
                let key: String
                if case .string(let text) = entry.key { key = text } else { key = "" }
                collect(entry.value, underSensitiveKey: sensitive || Redactor.isSensitiveKey(key), into: &secrets)
            }
        default:
            break
        }
    }

    /// The password of `text` when it is a URL with one, as written and percent-decoded.
    private static func urlPasswords(in text: String) -> [String] {
        guard text.contains("://"), text.contains("@"),
            let password = URLComponents(string: text)?.percentEncodedPassword,
            !password.isEmpty
        else { return [] }
        return [password, password.removingPercentEncoding].compactMap { $0 }
    }
}

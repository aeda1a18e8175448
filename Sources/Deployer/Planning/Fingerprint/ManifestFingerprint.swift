import Crypto
import DeployerSupport
import Foundation

/// What the state keeps of a deployed manifest so that the next `plan` can say which paths
/// changed, without keeping anything that gives a value back.
///
/// Each leaf of the interpolated manifest (a scalar, or an empty map or list) is kept as its
/// path and HMAC-SHA256(key, path + NUL + the leaf's JSON text), cut to 128 bits. The key is
/// 256 random bits that never leave this machine's deployer home (`ManifestFingerprintKey`),
/// so the state file, even committed to a repository, lets nobody test a guess of a value:
/// checking a guessed password needs the key. Only `keyID`, a digest of the key that does not
/// give the key back, is stored beside the paths, so a plan on another machine knows that it
/// cannot compare rather than reporting every path as changed.
///
/// The paths themselves are stored as they are (`/instance_groups/name=bosh/jobs/name=app/...`):
/// map keys and `name` values are the manifest's structure, not its secrets.
public struct ManifestFingerprint: Codable, Sendable, Hashable {
    /// Which key made the digests (`ManifestFingerprintKey.id`).
    public var keyID: String
    /// Keyed digest of each leaf, by path.
    public var leaves: [String: String]

    /// Creates a fingerprint from its parts.
    public init(keyID: String, leaves: [String: String]) {
        self.keyID = keyID
        self.leaves = leaves
    }

    /// The fingerprint of `manifest` (the interpolated manifest as JSON) under `key`.
    public init(of manifest: JSONValue, key: ManifestFingerprintKey) {
        keyID = key.id
        var leaves: [String: String] = [:]
        for leaf in ManifestLeaves.of(manifest) {
            leaves[leaf.path] = key.digest(Data((leaf.path + "\u{0}" + leaf.text).utf8))
        }
        self.leaves = leaves
    }

    enum CodingKeys: String, CodingKey {
        case keyID = "key_id"
        case leaves
    }
}

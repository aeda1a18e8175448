/// What can be said about how the manifest changed since the last completed deploy.
public enum ManifestComparison: Sendable, Hashable {
    /// The paths that differ, in path order; empty when the values are the same and only the
    /// manifest's text differs (key order, quoting).
    case paths([ManifestPathChange])
    /// The paths cannot be told, and why (no fingerprint recorded, another machine's key).
    case unknown(String)

    /// Compares the fingerprint the state recorded with this run's.
    /// - Parameters:
    ///   - recorded: the state's fingerprint of the last completed deploy, if any.
    ///   - current: this run's fingerprint; nil when this machine has no key to make it.
    public static func between(recorded: ManifestFingerprint?, current: ManifestFingerprint?) -> ManifestComparison {
        guard let recorded else {
            return .unknown(
                "the state records no fingerprint of the deployed manifest (written by bosh-cli or an older deployer)")
        }
        guard let current else {
            return .unknown(
                "this machine has no fingerprint key; the state's fingerprint was made with key \(recorded.keyID) on another machine"
            )
        }
        guard recorded.keyID == current.keyID else {
            return .unknown(
                "the state's fingerprint was made with key \(recorded.keyID), this machine's key is \(current.keyID)")
        }
        return .paths(differences(old: recorded.leaves, new: current.leaves))
    }

    /// Changed leaves one by one; added and removed leaves under the highest path that is
    /// wholly new (or wholly gone), once.
    static func differences(old: [String: String], new: [String: String]) -> [ManifestPathChange] {
        var changes: Set<ManifestPathChange> = []
        let oldPrefixes = prefixes(of: old.keys)
        let newPrefixes = prefixes(of: new.keys)
        for (path, digest) in new {
            if let before = old[path] {
                if before != digest { changes.insert(ManifestPathChange(path: path, kind: .changed)) }
            } else {
                changes.insert(ManifestPathChange(path: subtreeRoot(of: path, absentFrom: oldPrefixes), kind: .added))
            }
        }
        for path in old.keys where new[path] == nil {
            changes.insert(ManifestPathChange(path: subtreeRoot(of: path, absentFrom: newPrefixes), kind: .removed))
        }
        return changes.sorted { ($0.path, $0.kind.rawValue) < ($1.path, $1.kind.rawValue) }
    }

    /// The shortest ancestor of `path` (itself included) that is not among `prefixes`, the
    /// other side's leaves and their ancestors.
    private static func subtreeRoot(of path: String, absentFrom prefixes: Set<String>) -> String {
        var prefix = ""
        for token in tokens(of: path) {
            prefix += "/" + token
            if !prefixes.contains(prefix) { return prefix }
        }
        return path
    }

    /// Every leaf path and every ancestor of one.
    private static func prefixes(of paths: some Sequence<String>) -> Set<String> {
        var all: Set<String> = []
        for path in paths {
            var prefix = ""
            for token in tokens(of: path) {
                prefix += "/" + token
                all.insert(prefix)
            }
        }
        return all
    }

    /// The tokens of `/a/b`: `a`, `b` (none for the root `/`).
    private static func tokens(of path: String) -> [Substring] {
        path == "/" ? [] : Array(path.split(separator: "/", omittingEmptySubsequences: false).dropFirst())
    }
}

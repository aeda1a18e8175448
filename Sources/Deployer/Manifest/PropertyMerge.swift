import GoYAML
import Interpolation

/// Which properties a release job's templates see, by bosh-cli's rule.
public enum PropertyMerge {
    /// The properties for release job `template` of instance group `job`: the job's own
    /// `properties` alone when the key is present (even empty), otherwise `global`
    /// deep-merged with the instance group's properties.
    public static func properties(for template: ReleaseJobRef, in job: ManifestJob, global: YAMLMap) -> YAMLMap {
        if let own = template.properties { return own }
        return deepMerge(global, job.properties)
    }

    /// The properties for the CPI jobs: `cloud_provider.properties` play the instance group's
    /// part and global properties are empty, so they are used as they are.
    public static func cpiProperties(_ installation: InstallationManifest) -> YAMLMap {
        deepMerge(YAMLMap(), installation.properties)
    }

    /// Ruby's `recursive_merge!` as bosh-cli's ERB renderer runs it: maps present on both sides
    /// merge recursively, any other value of `override` (scalar, array, null) replaces the base.
    /// Keys keep the base's order; new keys follow in `override`'s order.
    public static func deepMerge(_ base: YAMLMap, _ override: YAMLMap) -> YAMLMap {
        var result = base
        for entry in override.entries {
            if case .map(let old)? = result[entry.key], case .map(let new) = entry.value {
                result[entry.key] = .map(deepMerge(old, new))
            } else {
                result[entry.key] = entry.value
            }
        }
        return result
    }

    /// The value at a dotted property name (`nats.user`), or nil when any step is missing or
    /// not a map. A null value is returned as `.null`.
    public static func value(at dottedName: String, in properties: YAMLMap) -> YAMLNode? {
        var current: YAMLNode = .map(properties)
        for part in dottedName.split(separator: ".", omittingEmptySubsequences: false) {
            guard case .map(let map) = current, let next = map[String(part)] else { return nil }
            current = next
        }
        return current
    }
}

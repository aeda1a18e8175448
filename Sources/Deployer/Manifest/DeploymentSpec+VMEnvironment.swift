import GoYAML
import Interpolation

extension DeploymentSpec {
    /// The `environment` argument of CPI `create_vm` for a VM of `pool`: the pool's `env`,
    /// with `bosh.tags` set to the manifest's `tags` when there are any (keys sorted, as Go's
    /// JSON encoder writes a map). A `bosh` value that is not a map is replaced, where bosh-cli
    /// would crash.
    public func vmEnvironment(for pool: ManifestResourcePool) -> YAMLMap {
        var env = pool.env
        guard !tags.isEmpty else { return env }
        var bosh = env["bosh"]?.mapValue ?? YAMLMap()
        bosh["tags"] = .map(
            YAMLMap(tags.keys.sorted().map { YAMLMap.Entry(key: .string($0), value: .string(tags[$0] ?? "")) }))
        env["bosh"] = .map(bosh)
        return env
    }
}

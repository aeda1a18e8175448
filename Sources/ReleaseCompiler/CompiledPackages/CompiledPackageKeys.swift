/// The identity of a package compiled for a stemcell, as the Director sees it: the package's
/// fingerprint, the compiled identities of its dependencies, and the stemcell's operating
/// system and version. The stemcell's name is left out on purpose: the same OS and version
/// built for another IaaS runs the same compiled bits, and a Director's `compiled_packages`
/// entry names only `<os>/<version>`.
///
/// The deploy (choosing what the VM must compile) and `export-release` (finding what it
/// compiled) both key `CompiledPackageCache` entries through this one function, so they cannot
/// disagree on which entry belongs to which package.
public enum CompiledPackageKeys {
    /// One package as a release lists it: enough to compute its key.
    public struct Package: Sendable, Equatable {
        /// The name.
        public var name: String
        /// The release.MF fingerprint.
        public var fingerprint: String
        /// Names of the direct compile-time dependencies (packages of the same release).
        public var dependencies: [String]

        /// Creates a value from its parts.
        public init(name: String, fingerprint: String, dependencies: [String]) {
            self.name = name
            self.fingerprint = fingerprint
            self.dependencies = dependencies
        }
    }

    /// The platform part of a key: `stemcell:<os>/<version>`.
    public static func platform(operatingSystem: String, stemcellVersion: String) -> String {
        "stemcell:\(operatingSystem)/\(stemcellVersion)"
    }

    /// The cache key of every package of one release for one stemcell.
    ///
    /// - Parameters:
    ///   - packages: the release's packages (source and compiled alike).
    ///   - platform: `platform(operatingSystem:stemcellVersion:)`.
    ///   - resolved: keys already chosen for some names, e.g. by an earlier release of the same
    ///     deploy that provides a package of that name: those names keep their key and the
    ///     release's own package of that name is not keyed, so a dependent's key says which
    ///     package it was really compiled against.
    /// - Returns: `resolved` plus a key for each other package of `packages`.
    /// - Throws: `ReleaseError.missingDependency` or `.dependencyCycle` for a broken graph.
    public static func keys(
        of packages: [Package], platform: String, resolved: [String: String] = [:]
    ) throws -> [String: String] {
        let byName = Dictionary(packages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let graph = try PackageGraph(dependencies: byName.mapValues(\.dependencies))
        var keys = resolved
        for name in graph.topologicalOrder where keys[name] == nil {
            guard let package = byName[name] else { continue }
            keys[name] = CompiledPackageCache.key(
                fingerprint: package.fingerprint,
                dependencyKeys: package.dependencies.map { keys[$0] ?? $0 },
                platform: platform)
        }
        return keys
    }
}

extension CompiledPackageKeys.Package {
    /// The package of an extracted release.
    public init(_ package: ReleasePackage) {
        self.init(name: package.name, fingerprint: package.fingerprint, dependencies: package.dependencies)
    }

    /// The package of a `release.MF` entry.
    public init(_ entry: ReleaseManifest.Entry) {
        self.init(name: entry.name, fingerprint: entry.fingerprint, dependencies: entry.dependencies)
    }
}

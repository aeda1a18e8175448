/// One package of a compile plan: the release package, its store key, and the names of its
/// direct dependencies (each planned earlier in the same plan).
public struct PlannedPackage: Sendable, Equatable {
    /// The release package (source or precompiled).
    public var package: ReleasePackage
    /// `PackageStore.key` of the package.
    public var key: String
    /// Direct dependencies, by name.
    public var dependencies: [String]

    /// The package name.
    public var name: String { package.name }
    /// The release.MF fingerprint.
    public var fingerprint: String { package.fingerprint }

    /// Creates a value from its parts.
    public init(package: ReleasePackage, key: String, dependencies: [String]) {
        self.package = package
        self.key = key
        self.dependencies = dependencies
    }
}

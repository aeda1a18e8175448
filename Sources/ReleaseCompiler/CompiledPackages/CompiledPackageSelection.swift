/// Which variant of each package a deployment puts on its VM, decided before anything is
/// created with the Director's rules (bosh-director `CompiledPackageFinder` and
/// `PackageValidator`):
/// - a package with source uses its compiled variant only when that was compiled for exactly
///   the stemcell's OS and version, and is compiled from source otherwise;
/// - a package without source uses its compiled variant when that was compiled for the same
///   OS and major version, and cannot be used at all otherwise.
public struct CompiledPackageSelection: Sendable, Equatable {
    /// Needed packages that go to the VM compiled, as the release ships them.
    public var compiled: Set<String>
    /// Packages with source whose compiled variant is for another stemcell: compiled from source.
    public var compiledFromSource: [CompiledPackageMismatch]
    /// Packages without source compiled for another stemcell line: the release cannot be used.
    public var unusable: [CompiledPackageMismatch]

    /// Creates a value from its parts.
    public init(
        compiled: Set<String> = [], compiledFromSource: [CompiledPackageMismatch] = [],
        unusable: [CompiledPackageMismatch] = []
    ) {
        self.compiled = compiled
        self.compiledFromSource = compiledFromSource
        self.unusable = unusable
    }

    /// Decides for `needed` (package names, dependencies included) of `release` on `stemcell`.
    /// Names the release does not list are left out: reading the release reports them.
    public static func select(
        release: ReleaseManifest, needed: [String], stemcell: StemcellTarget
    ) -> CompiledPackageSelection {
        var selection = CompiledPackageSelection()
        let sources = Set(release.packages.map(\.name))
        for name in needed.sorted() {
            guard let entry = release.compiledPackages.first(where: { $0.name == name }) else { continue }
            let builtOn = entry.stemcell.flatMap(StemcellTarget.init)
            let mismatch = CompiledPackageMismatch(
                package: name, fingerprint: entry.fingerprint, compiledFor: entry.stemcell ?? "")
            if sources.contains(name) {
                if let builtOn, builtOn.isExactly(stemcell) {
                    selection.compiled.insert(name)
                } else {
                    selection.compiledFromSource.append(mismatch)
                }
            } else if let builtOn, builtOn.isExactly(stemcell) || builtOn.isOnSameLine(as: stemcell) {
                selection.compiled.insert(name)
            } else {
                selection.unusable.append(mismatch)
            }
        }
        return selection
    }
}

/// A compiled package of a release that does not fit the deployment's stemcell.
public struct CompiledPackageMismatch: Sendable, Hashable {
    /// The package name.
    public var package: String
    /// Its fingerprint (the version the Director prints beside the name).
    public var fingerprint: String
    /// release.MF's `stemcell` of the compiled package, as written.
    public var compiledFor: String

    /// Creates a value from its parts.
    public init(package: String, fingerprint: String, compiledFor: String) {
        self.package = package
        self.fingerprint = fingerprint
        self.compiledFor = compiledFor
    }

    /// `'name/fingerprint' compiled for 'os/version'`.
    public var description: String {
        "'\(package)/\(fingerprint)' compiled for '\(compiledFor.isEmpty ? "no stemcell" : compiledFor)'"
    }
}

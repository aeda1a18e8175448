/// A member of a release tarball (`packages/<name>.tgz`) not extracted yet.
public struct ReleaseMember: Sendable, Equatable {
    /// The release tarball.
    public var releaseTarball: String
    /// The member's path in it.
    public var member: String

    /// Creates a value from its parts.
    public init(releaseTarball: String, member: String) {
        self.releaseTarball = releaseTarball
        self.member = member
    }
}

/// A package of a release, source or compiled, as listed in `release.MF`.
public struct ReleasePackage: Sendable, Equatable {
    /// The name.
    public var name: String
    /// The fingerprint from `release.MF`.
    public var fingerprint: String
    /// Digest string of the tarball from `release.MF`.
    public var sha1: String
    /// Names of the direct compile-time dependencies.
    public var dependencies: [String]
    /// The package tarball inside the extracted release.
    public var tarball: String
    /// True for `compiled_packages/` entries (their tarball is the install directory's content).
    public var isCompiled: Bool
    /// Compiled packages: `<os>/<version>` of the stemcell they were built on.
    public var stemcell: String?
    /// The release tarball `tarball` is still to be extracted from (as `member`), when the
    /// release was read without its packages: a warm CPI install never needs them.
    public var pendingExtraction: ReleaseMember?

    /// Creates a value from its parts.
    public init(
        name: String, fingerprint: String, sha1: String, dependencies: [String], tarball: String,
        isCompiled: Bool, stemcell: String? = nil, pendingExtraction: ReleaseMember? = nil
    ) {
        self.name = name
        self.fingerprint = fingerprint
        self.sha1 = sha1
        self.dependencies = dependencies
        self.tarball = tarball
        self.isCompiled = isCompiled
        self.stemcell = stemcell
        self.pendingExtraction = pendingExtraction
    }
}

/// A release tarball extracted and verified: its manifest, jobs (extracted) and packages.
public struct ExtractedRelease: Sendable, Equatable {
    /// The parsed `release.MF`.
    public var manifest: ReleaseManifest
    /// Where the tarball was extracted.
    public var directory: String
    /// Every job, extracted.
    public var jobs: [ExtractedJob]
    /// Source packages first, then compiled packages not also present as source.
    public var packages: [ReleasePackage]
    /// Compiled packages the release also ships as source, used only when `usingCompiled`
    /// picks them (they fit the stemcell exactly).
    public var compiledAlternatives: [ReleasePackage]

    /// Creates a value from its parts.
    public init(
        manifest: ReleaseManifest, directory: String, jobs: [ExtractedJob], packages: [ReleasePackage],
        compiledAlternatives: [ReleasePackage] = []
    ) {
        self.manifest = manifest
        self.directory = directory
        self.jobs = jobs
        self.packages = packages
        self.compiledAlternatives = compiledAlternatives
    }

    /// This release with the compiled variant of each package in `names` in place of its
    /// source (see `CompiledPackageSelection`); names without a compiled variant stay as they are.
    public func usingCompiled(_ names: Set<String>) -> ExtractedRelease {
        var chosen = self
        chosen.packages = packages.map { package in
            guard !package.isCompiled, names.contains(package.name),
                let compiled = compiledAlternatives.first(where: { $0.name == package.name })
            else { return package }
            return compiled
        }
        return chosen
    }

    /// The release (or job) name.
    public var name: String { manifest.name }
    /// The release version.
    public var version: String { manifest.version }

    /// The job called `name`.
    ///
    /// - Throws: `ReleaseError.jobNotFound`.
    public func job(named name: String) throws -> ExtractedJob {
        guard let job = jobs.first(where: { $0.name == name }) else {
            throw ReleaseError.jobNotFound(release: manifest.name, job: name)
        }
        return job
    }

    /// The package called `name`, if any.
    public func package(named name: String) -> ReleasePackage? {
        packages.first { $0.name == name }
    }

    /// The dependency graph of all packages of the release.
    ///
    /// - Throws: `ReleaseError.missingDependency` / `.dependencyCycle`.
    public func packageGraph() throws -> PackageGraph {
        try PackageGraph(
            dependencies: Dictionary(packages.map { ($0.name, $0.dependencies) }, uniquingKeysWith: { a, _ in a }))
    }

    /// Packages `jobNames` need at run time plus their transitive compile dependencies.
    ///
    /// - Throws: `ReleaseError.missingDependency` naming the job and the absent package.
    public func packages(forJobs jobNames: [String]) throws -> [String] {
        let graph = try packageGraph()
        var roots: [String] = []
        for name in jobNames {
            for package in try job(named: name).manifest.packages {
                guard graph.dependencies[package] != nil else {
                    throw ReleaseError.missingDependency(package: name, dependency: package, dependentKind: "job")
                }
                roots.append(package)
            }
        }
        return graph.closure(of: roots)
    }
}

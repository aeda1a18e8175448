import ReleaseCompiler

extension Orchestrator {
    /// Checks the compiled packages the deployment's jobs use against its stemcell with the
    /// Director's rules (`CompiledPackageSelection`), before anything is created: a package
    /// without source compiled for another stemcell line stops the run; one with source and
    /// a compiled variant that does not fit exactly is compiled from source, with a warning.
    /// Releases without compiled packages are not read.
    /// - Returns: the selection of each release with compiled packages, by release name.
    /// - Throws: `CompiledPackageMismatchError` listing every package that cannot be used.
    func selectCompiledPackages(
        job: ManifestJob, releases: [PreparedDeployment.Release], stemcell: StemcellManifest, stage: any Stage
    ) async throws -> [String: CompiledPackageSelection] {
        let target = StemcellTarget(os: stemcell.operatingSystem, version: stemcell.version)
        var selections: [String: CompiledPackageSelection] = [:]
        var unusable: [CompiledPackageMismatchError.Release] = []
        for release in releases where !release.manifest.compiledPackages.isEmpty {
            let jobNames = job.templates.filter { $0.release == release.ref.name }.map(\.name)
            guard !jobNames.isEmpty else { continue }
            let label = "\(release.manifest.name)/\(release.manifest.version)"
            let selection = try await stage.perform("Validating compiled packages of release '\(release.ref.name)'") {
                var roots: [String] = []
                for name in jobNames {
                    roots += try await inspector.jobManifest(
                        tarball: release.artifact.localPath, job: name, release: release.manifest
                    ).packages
                }
                let needed = try Self.packageGraph(of: release.manifest).closure(of: roots)
                return CompiledPackageSelection.select(release: release.manifest, needed: needed, stemcell: target)
            }
            if !selection.unusable.isEmpty {
                unusable.append(.init(release: label, packages: selection.unusable))
            }
            if !selection.compiledFromSource.isEmpty {
                let packages = selection.compiledFromSource.map(\.description).joined(separator: ", ")
                stage.warn(
                    "Release '\(label)': compiled packages that do not fit stemcell '\(target)' exactly "
                        + "will be compiled from source: \(packages)")
            }
            selections[release.ref.name] = selection
        }
        guard unusable.isEmpty else {
            throw CompiledPackageMismatchError(
                stemcellName: "\(stemcell.name)/\(stemcell.version)", stemcell: target, releases: unusable)
        }
        return selections
    }

    /// Every package the release lists, source or compiled, with its dependencies (the source
    /// entry's when both exist, as the release reader keeps it).
    private static func packageGraph(of release: ReleaseManifest) throws -> PackageGraph {
        var dependencies: [String: [String]] = [:]
        for entry in release.packages + release.compiledPackages where dependencies[entry.name] == nil {
            dependencies[entry.name] = entry.dependencies
        }
        return try PackageGraph(dependencies: dependencies)
    }
}

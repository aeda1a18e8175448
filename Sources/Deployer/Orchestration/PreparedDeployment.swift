import DeployerSupport
import GoYAML
import Interpolation
import ReleaseCompiler

/// A validated deploy: the manifest, its SHA, and the resolved and read artifacts.
struct PreparedDeployment: Sendable {
    /// One `releases[]` entry with its tarball and `release.MF`.
    struct Release: Sendable {
        var ref: ReleaseRef
        var artifact: ResolvedArtifact
        var manifest: ReleaseManifest
    }

    var manifest: DeploymentManifest
    var manifestSHA: String
    /// The manifest's keyed leaf digests; nil when this machine has no fingerprint key.
    var manifestFingerprint: ManifestFingerprint?
    /// Variables the vars store generated for this run (in memory only for a dry run).
    var generatedVariables: [String]
    var releases: [Release]
    var stemcellArtifact: ResolvedArtifact
    var stemcell: StemcellManifest
    var job: ManifestJob
    var pool: ManifestResourcePool
    /// Which packages go to the VM as the release ships them compiled, for each release of
    /// the job that has compiled packages (by release name).
    var compiledSelections: [String: CompiledPackageSelection] = [:]

    /// The release named `name` in the manifest.
    func release(named name: String) throws -> Release {
        guard let release = releases.first(where: { $0.ref.name == name }) else {
            throw OrchestrationError.unknownRelease(name, usedBy: "job '\(job.name)'")
        }
        return release
    }

    /// What the planner compares with the state.
    func planInputs(_ request: DeployRequest) -> PlanInputs {
        PlanInputs(
            manifestSHA: manifestSHA, manifestFingerprint: manifestFingerprint,
            stemcell: ArtifactVersion(
                name: stemcell.name, version: stemcell.version, digest: stemcellArtifact.digest.description),
            releases: releases.map {
                ArtifactVersion(
                    name: $0.manifest.name, version: $0.manifest.version, digest: $0.artifact.digest.description)
            },
            cpiReleases: Set(manifest.installation.templates.map(\.release)),
            recreate: request.recreate, recreatePersistentDisks: request.recreatePersistentDisks)
    }
}

extension Orchestrator {
    /// The `validating` stage of create-env: interpolate, parse and validate the manifest,
    /// resolve the tarballs and read their manifests.
    /// - Parameters:
    ///   - dryRun: leave the vars store as it is (`plan`).
    ///   - fingerprintKey: keys the manifest's fingerprint; nil for none.
    func validate(
        _ request: DeployRequest, dryRun: Bool = false, fingerprintKey: ManifestFingerprintKey?, stage: any Stage
    ) async throws -> PreparedDeployment {
        let (manifest, sha, fingerprint, generated) = try await stage.perform("Validating deployment manifest") {
            let (node, sha, generated) = try interpolate(request, dryRun: dryRun)
            let manifest = try ManifestParser.parse(node, path: request.manifestPath, homeDirectory: options.userHome)
            let fingerprint = fingerprintKey.map { ManifestFingerprint(of: JSONValue(yaml: node), key: $0) }
            return (manifest, sha, fingerprint, generated)
        }
        let job = try manifest.deployment.deployableJob()
        let pool = try manifest.deployment.resourcePool(for: job)
        let requests =
            manifest.releaseSet.releases.map(ArtifactRequest.release)
            + [ArtifactRequest.stemcell(pool.stemcell, name: pool.name)]
        let resolved = try await artifacts.resolve(requests)
        var releases: [PreparedDeployment.Release] = []
        for (ref, artifact) in zip(manifest.releaseSet.releases, resolved) {
            let releaseManifest = try await stage.perform("Validating release '\(ref.name)'") {
                let read = try await inspector.releaseManifest(tarball: artifact.localPath)
                guard read.name == ref.name else {
                    throw ReleaseError.releaseNameMismatch(manifest: ref.name, tarball: read.name)
                }
                let wanted =
                    job.templates.filter { $0.release == ref.name }.map(\.name)
                    + manifest.installation.templates.filter { $0.release == ref.name }.map(\.name)
                for name in wanted where !read.jobs.contains(where: { $0.name == name }) {
                    throw ReleaseError.jobNotFound(release: read.name, job: name)
                }
                return read
            }
            releases.append(PreparedDeployment.Release(ref: ref, artifact: artifact, manifest: releaseManifest))
        }
        try await validateCPIRelease(
            manifest, releases: releases.map { ($0.ref.name, $0.artifact.localPath, $0.manifest) }, stage: stage)
        guard let stemcellArtifact = resolved.last else {
            throw OrchestrationError.unknownRelease("stemcell", usedBy: "resource pool '\(pool.name)'")
        }
        let stemcell = try await stage.perform("Validating stemcell") {
            try await inspector.stemcellManifest(tarball: stemcellArtifact.localPath)
        }
        let compiledSelections = try await selectCompiledPackages(
            job: job, releases: releases, stemcell: stemcell, stage: stage)
        return PreparedDeployment(
            manifest: manifest, manifestSHA: sha, manifestFingerprint: fingerprint, generatedVariables: generated,
            releases: releases, stemcellArtifact: stemcellArtifact,
            stemcell: stemcell, job: job, pool: pool, compiledSelections: compiledSelections)
    }

    /// `Validating cpi release`, as bosh-cli does before anything is created: every
    /// `cloud_provider.templates` job names a release of the manifest that has the job, and
    /// exactly one of those jobs renders `bin/cpi`.
    /// - Parameter releases: name, tarball and `release.MF` of each release read so far.
    /// - Throws: `ReleaseError.cpiJobCount` (with the other problems found listed after it),
    ///   `OrchestrationError.unknownRelease`, `ReleaseError.jobNotFound`.
    func validateCPIRelease(
        _ manifest: DeploymentManifest, releases: [(name: String, tarball: String, manifest: ReleaseManifest)],
        stage: any Stage
    ) async throws {
        try await stage.perform("Validating cpi release") {
            let templates = try cpiTemplates(manifest)
            var cpiBinaries = 0
            for template in templates {
                guard let release = releases.first(where: { $0.name == template.release }) else {
                    throw OrchestrationError.unknownRelease(template.release, usedBy: "cloud_provider.templates")
                }
                let job = try await inspector.jobManifest(
                    tarball: release.tarball, job: template.name, release: release.manifest)
                if job.templates.contains(where: { $0.destination == CPIInstaller.cpiBinary }) { cpiBinaries += 1 }
            }
            guard cpiBinaries == 1 else {
                throw ReleaseError.cpiJobCount(found: cpiBinaries, releases: templates.map(\.release))
            }
        }
    }
}

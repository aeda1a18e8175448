import DeployerSupport
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Installs a CPI on this machine as bosh-cli does (spec release.md §8): read the releases
/// of every `cloud_provider.templates` job, compile their packages where they will run
/// (`PackageStore`), link them into `<installation>/packages`, render every job and install
/// it under `<installation>/jobs`, and return the one `bin/cpi`.
///
/// The steps are public so a caller can report each one (`Compiling package ...`,
/// `Installing packages`, `Rendering job templates`, `Installing job ...`);
/// `installCPI(jobs:...)` runs them all.
public struct CPIInstaller: Sendable {
    /// The path every CPI job template renders its entry point to.
    public static let cpiBinary = "bin/cpi"

    /// Compiles (or finds intact in the store) the jobs' packages.
    public let compiler: PackageCompiler
    /// Renders the jobs' templates.
    public let renderer: any TemplateRenderer
    /// Reads and verifies release tarballs.
    public let reader: ReleaseReader
    /// Where renders are kept by the digest of their inputs, for every installation
    /// (`$DEPLOYER_HOME/rendered`); nil renders every time.
    public let renderCache: String?
    private let logger: Logger

    /// - Parameters:
    ///   - compiler: the package compiler (with its store).
    ///   - renderer: renders the job templates.
    ///   - reader: reads release tarballs.
    ///   - renderCache: where renders are kept for reuse; nil for none.
    public init(
        compiler: PackageCompiler, renderer: any TemplateRenderer = RubyERBRenderer(),
        reader: ReleaseReader = ReleaseReader(), renderCache: String? = nil,
        logger: Logger = Logger(label: "deployer.install")
    ) {
        self.compiler = compiler
        self.renderer = renderer
        self.reader = reader
        self.renderCache = renderCache
        self.logger = logger
    }

    /// Runs every step.
    ///
    /// - Parameters:
    ///   - jobs: the `cloud_provider.templates` jobs with their release tarballs.
    ///   - properties: `cloud_provider.properties` (the cluster properties of the render).
    ///   - deploymentName: manifest `name` (`spec.deployment`).
    ///   - installationDirectory: `<home>/installations/<id>`.
    ///   - around: wraps each package's compilation (reporting).
    /// - Throws: `ReleaseError` (digest mismatch, missing job, no or several `bin/cpi`,
    ///   compile or render failure).
    public func installCPI(
        jobs: [CPIJobSource], properties: PropertyValue, deploymentName: String, installationDirectory: String,
        around: @escaping PackageCompiler.StepWrapper = { _, body in try await body() }
    ) async throws -> CPIInstallation {
        let prepared = try await prepare(jobs: jobs, installationDirectory: installationDirectory)
        let packages = try await compiler.compile(prepared.plan, around: around)
        try await linkPackages(packages, for: prepared)
        let rendered = try await renderJobs(prepared, properties: properties, deploymentName: deploymentName)
        var installation: CPIInstallation?
        for job in rendered {
            installation = try await installJob(job, of: prepared, packages: packages)
        }
        guard let installation else { throw ReleaseError.cpiJobCount(found: 0, releases: jobs.map(\.release)) }
        return installation
    }

    /// Reads each release once (under `<installation>/tmp/`, emptied first, as bosh-cli does
    /// every run: `release.MF` and the jobs, each checked against its digest), checks that
    /// exactly one job renders `bin/cpi`, and plans the packages.
    ///
    /// - Throws: `ReleaseError.jobNotFound`, `.cpiJobCount`, `.releaseNameMismatch`, or what
    ///   reading a release or planning its packages throws.
    public func prepare(jobs sources: [CPIJobSource], installationDirectory: String) async throws -> PreparedCPIInstall
    {
        let tmp = installationDirectory + "/tmp"
        try? FileTree.remove(tmp)
        try FileTree.createDirectory(tmp)
        // Each release is read once, with only the jobs asked of it: its packages are
        // extracted later, and only those that must be compiled.
        var jobNames: [String: [String]] = [:]
        for source in sources { jobNames[source.tarball, default: []].append(source.job) }
        var releases: [String: ExtractedRelease] = [:]
        var jobs: [ExtractedJob] = []
        var cpi: (release: ExtractedRelease, job: ExtractedJob)?
        var cpiCount = 0
        var plan: [PlannedPackage] = []
        for source in sources {
            let release: ExtractedRelease
            if let read = releases[source.tarball] {
                release = read
            } else {
                release = try await reader.readJobs(
                    jobNames[source.tarball] ?? [], tarball: source.tarball,
                    into: tmp + "/release-\(UUID().uuidString.lowercased())")
                guard release.name == source.release else {
                    throw ReleaseError.releaseNameMismatch(manifest: source.release, tarball: release.name)
                }
                releases[source.tarball] = release
            }
            let job = try release.job(named: source.job)
            jobs.append(job)
            if job.rendersCPIBinary {
                cpiCount += 1
                cpi = (release, job)
            }
            // A package already planned from an earlier job keeps its first release, as the
            // installation has one directory per package name.
            for planned in try compiler.plan(try release.packages(forJobs: [job.name]), from: release.packages)
            where !plan.contains(where: { $0.name == planned.name }) {
                plan.append(planned)
            }
        }
        guard cpiCount == 1, let cpi else {
            throw ReleaseError.cpiJobCount(found: cpiCount, releases: sources.map(\.release))
        }
        return PreparedCPIInstall(
            installationDirectory: installationDirectory, jobs: jobs, plan: plan, cpiRelease: cpi.release,
            cpiJob: cpi.job)
    }

    /// Makes `<installation>/packages` hold exactly one link per package, to where it was
    /// compiled in the store: the `BOSH_PACKAGES_DIR` the CPI runs with.
    ///
    /// - Throws: `ReleaseError.io` naming the path.
    public func linkPackages(_ packages: [String: StoredPackage], for prepared: PreparedCPIInstall) async throws {
        let directory = prepared.installationDirectory + "/packages"
        try await runOnDedicatedThread {
            let staging = directory + ".new-" + UUID().uuidString.lowercased()
            try FileTree.createDirectory(staging)
            for package in packages.values.sorted(by: { $0.name < $1.name }) {
                guard symlink(package.directory, staging + "/" + package.name) == 0 else {
                    throw ReleaseError.io(
                        operation: "Linking package '\(package.name)' into", path: staging,
                        reason: String(cString: strerror(errno)))
                }
            }
            // The state's lock keeps other runs of this installation out, so a moment without
            // the directory is seen by nobody.
            try? FileTree.remove(directory)
            guard rename(staging, directory) == 0 else {
                throw ReleaseError.io(
                    operation: "Installing packages into", path: directory, reason: String(cString: strerror(errno)))
            }
        }
    }

    /// Renders every job with `cloud_provider.properties` alone (bosh-cli renders installation
    /// jobs without global properties) into `<installation>/tmp/rendered-<job>-<uuid>`.
    ///
    /// A job rendered before from exactly the same inputs (the renderer program and its Ruby,
    /// the job's fingerprint, the deployment name and the properties), by any installation,
    /// is copied from `renderCache` instead: rendering costs a Ruby start (about 0.1 s) on
    /// every deploy and delete, and bosh-cli's context holds nothing else that could change
    /// the output but a fresh random `spec.id`.
    ///
    /// - Throws: `ReleaseError.renderFailed` naming the job, template and line; `.io` for the
    ///   cache.
    public func renderJobs(
        _ prepared: PreparedCPIInstall, properties: PropertyValue, deploymentName: String
    ) async throws -> [RenderedCPIJob] {
        let context = RenderContext(deployment: deploymentName, clusterProperties: properties)
        var rendered: [RenderedCPIJob] = []
        for job in prepared.jobs {
            let directory =
                prepared.installationDirectory + "/tmp/rendered-\(job.name)-\(UUID().uuidString.lowercased())"
            let cached = renderCache.flatMap { cache in
                renderer.reuseIdentity.map { identity in
                    cache + "/"
                        + Self.renderKey(
                            identity: identity, job: job, deploymentName: deploymentName, properties: properties)
                }
            }
            if let cached, FileKind(of: cached) == .directory {
                try await runOnDedicatedThread { try Self.copyTree(cached, to: directory) }
                rendered.append(
                    RenderedCPIJob(
                        job: RenderedJob(name: job.name, fingerprint: job.fingerprint, directory: directory),
                        reused: true))
                continue
            }
            let result = try await withContext("Rendering templates for job '\(job.name)/\(job.fingerprint)'") {
                try await renderer.render(job: job, context: context, into: directory)
            }
            if let cached {
                // Kept for the next install; complete or absent, since it appears by a rename.
                try? await runOnDedicatedThread { try Self.keep(result.directory, as: cached) }
            }
            rendered.append(RenderedCPIJob(job: result, reused: false))
        }
        return rendered
    }

    /// Moves a rendered job to `<installation>/jobs/<name>` and makes its `bin/` executable,
    /// as bosh-cli does.
    ///
    /// - Returns: the installation as far as it is known (complete after the last job).
    /// - Throws: `ReleaseError.io` naming the path; `.missingFile` when the `bin/cpi` job has
    ///   no `bin/cpi` after rendering.
    @discardableResult
    public func installJob(
        _ rendered: RenderedCPIJob, of prepared: PreparedCPIInstall, packages: [String: StoredPackage]
    ) async throws -> CPIInstallation {
        let job = rendered.job
        let jobsDir = prepared.installationDirectory + "/jobs"
        let jobDir = jobsDir + "/" + job.name
        try await runOnDedicatedThread {
            try FileTree.createDirectory(jobsDir)
            try? FileTree.remove(jobDir)
            guard rename(job.directory, jobDir) == 0 else {
                throw ReleaseError.io(
                    operation: "Installing job '\(job.name)' into", path: jobDir,
                    reason: String(cString: strerror(errno)))
            }
            let binDir = jobDir + "/bin"
            for file in (try? FileManager.default.contentsOfDirectory(atPath: binDir)) ?? [] {
                chmod(binDir + "/" + file, 0o755)
            }
        }
        let cpiJobDir = jobsDir + "/" + prepared.cpiJob.name
        let executable = cpiJobDir + "/" + Self.cpiBinary
        if job.name == prepared.cpiJob.name {
            guard FileKind(of: executable) == .file else { throw ReleaseError.missingFile(path: executable) }
            logger.debug("installed CPI", metadata: ["job": "\(job.name)", "cpi": "\(executable)"])
        }
        return CPIInstallation(
            executable: executable, packagesDirectory: prepared.installationDirectory + "/packages",
            jobsDirectory: jobsDir, jobDirectory: cpiJobDir, releaseName: prepared.cpiRelease.name,
            releaseVersion: prepared.cpiRelease.version, jobName: prepared.cpiJob.name,
            jobNames: prepared.jobs.map(\.name), packages: packages)
    }

    /// The digest of everything that decides a render (`sha256-<hex>`).
    static func renderKey(
        identity: String, job: ExtractedJob, deploymentName: String, properties: PropertyValue
    ) -> String {
        let text = [identity, job.name, job.fingerprint, deploymentName, properties.jsonText].joined(separator: "\n")
        return "sha256-" + ((try? Digest.compute(of: Data(text.utf8), algorithm: .sha256).hex) ?? "invalid")
    }

    /// Copies a rendered tree into the cache under a temporary name, then renames it into place
    /// (0700: renders hold the CPI's credentials).
    static func keep(_ directory: String, as cached: String) throws {
        let parent = (cached as NSString).deletingLastPathComponent
        try FileTree.createDirectory(parent)
        chmod(parent, 0o700)
        let staging = cached + ".tmp-" + UUID().uuidString.lowercased()
        defer { try? FileTree.remove(staging) }
        try copyTree(directory, to: staging)
        _ = rename(staging, cached)  // a concurrent run that kept the same render first wins
    }

    static func copyTree(_ source: String, to destination: String) throws {
        do {
            try FileManager.default.copyItem(atPath: source, toPath: destination)
        } catch {
            throw ReleaseError.io(
                operation: "Copying rendered job", path: source,
                reason: SystemErrorText.reason(for: error, path: source))
        }
    }
}

/// A CPI job rendered for an install, or copied from an earlier identical render.
public struct RenderedCPIJob: Sendable, Equatable {
    /// The rendered files.
    public var job: RenderedJob
    /// True when an earlier render was copied and no renderer ran.
    public var reused: Bool
}

extension ExtractedJob {
    /// Whether one of the job's templates renders to `bin/cpi`.
    public var rendersCPIBinary: Bool {
        manifest.templates.contains { $0.destination == CPIInstaller.cpiBinary }
    }
}

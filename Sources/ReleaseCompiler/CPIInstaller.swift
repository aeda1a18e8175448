import DeployerSupport
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// An installed CPI: what `ExternalCPICloud` needs to run it.
public struct CPIInstallation: Sendable, Equatable {
    /// `<installation>/jobs/<job>/bin/cpi`.
    public var executable: String
    /// `<installation>/packages`.
    public var packagesDirectory: String
    /// `<installation>/jobs`.
    public var jobsDirectory: String
    /// The rendered job's directory.
    public var jobDirectory: String
    /// Name of the installed CPI release.
    public var releaseName: String
    /// Version of the installed CPI release.
    public var releaseVersion: String
    /// The CPI job that was rendered.
    public var jobName: String
    /// The compiled packages installed, by name.
    public var packages: [String: CompiledPackage]

    /// Variables bosh-cli adds to the CPI's (otherwise inherited) environment.
    public var environment: [String: String] {
        ["BOSH_PACKAGES_DIR": packagesDirectory, "BOSH_JOBS_DIR": jobsDirectory]
    }
}

/// Installs a CPI release locally (spec release.md §8): extract and verify the release,
/// compile the CPI job's packages (cached), install them, render the job, lay out
/// `<installation>/{packages,jobs/<job>}` and return the `bin/cpi` path.
public struct CPIInstaller: Sendable {
    /// Compiles (or finds cached) the CPI job's packages.
    public let compiler: PackageCompiler
    /// Renders the CPI job's templates.
    public let renderer: any TemplateRenderer
    /// Reads and verifies the release tarball.
    public let reader: ReleaseReader
    private let logger: Logger

    /// - Parameters:
    ///   - compiler: the package compiler (with its cache).
    ///   - renderer: renders the CPI job's templates.
    ///   - reader: reads the release tarball.
    public init(
        compiler: PackageCompiler, renderer: any TemplateRenderer = RubyERBRenderer(),
        reader: ReleaseReader = ReleaseReader(), logger: Logger = Logger(label: "deployer.install")
    ) {
        self.compiler = compiler
        self.renderer = renderer
        self.reader = reader
        self.logger = logger
    }

    /// Installs from a release tarball. The release is extracted under
    /// `<installation>/tmp/`, which is emptied first (bosh-cli does the same every run).
    ///
    /// - Parameters:
    ///   - releaseTarball: the CPI release `.tgz`.
    ///   - jobName: the CPI job (`cloud_provider.template.name`).
    ///   - properties: `cloud_provider.properties` (the cluster properties of the render).
    ///   - deploymentName: manifest `name` (`spec.deployment`).
    ///   - installationDirectory: `<home>/installations/<id>`.
    ///   - progress: called as each package is compiled or found in the cache.
    /// - Throws: `ReleaseError` (digest mismatch, missing job, compile or render failure).
    public func installCPI(
        releaseTarball: String, jobName: String, properties: PropertyValue, deploymentName: String,
        installationDirectory: String, progress: @escaping @Sendable (CompiledPackage) -> Void = { _ in }
    ) async throws -> CPIInstallation {
        let tmp = installationDirectory + "/tmp"
        FileTree.remove(tmp)
        try FileTree.createDirectory(tmp)
        let release = try await reader.read(tarball: releaseTarball, into: tmp + "/release-\(UUID().uuidString.lowercased())")
        return try await installCPI(
            release: release, jobName: jobName, properties: properties, deploymentName: deploymentName,
            installationDirectory: installationDirectory, progress: progress)
    }

    /// Installs from an already extracted (and verified) release.
    ///
    /// - Throws: as `installCPI(releaseTarball:...)`.
    public func installCPI(
        release: ExtractedRelease, jobName: String, properties: PropertyValue, deploymentName: String,
        installationDirectory: String, progress: @escaping @Sendable (CompiledPackage) -> Void = { _ in }
    ) async throws -> CPIInstallation {
        let job = try release.job(named: jobName)
        guard job.manifest.templates.contains(where: { $0.destination == "bin/cpi" }) else {
            throw ReleaseError.invalidManifest(
                path: "\(release.name)/\(release.version) job '\(jobName)'",
                reason: "no template renders to 'bin/cpi'; this is not a CPI job")
        }
        let names = try release.packages(forJobs: [jobName])
        let compiled = try await withContext("Compiling packages of CPI release '\(release.name)/\(release.version)'") {
            try await compiler.compile(names, from: release.packages, progress: progress)
        }
        let packagesDir = installationDirectory + "/packages"
        try await compiler.install(Array(compiled.values), into: packagesDir)

        let tmp = installationDirectory + "/tmp"
        let rendered = tmp + "/rendered-\(jobName)-\(UUID().uuidString.lowercased())"
        let context = RenderContext(deployment: deploymentName, clusterProperties: properties)
        _ = try await withContext("Rendering templates for job '\(jobName)/\(job.fingerprint)'") {
            try await renderer.render(job: job, context: context, into: rendered)
        }
        let jobsDir = installationDirectory + "/jobs"
        let jobDir = jobsDir + "/" + jobName
        try FileTree.createDirectory(jobsDir)
        FileTree.remove(jobDir)
        guard rename(rendered, jobDir) == 0 else {
            throw ReleaseError.io(operation: "Installing job '\(jobName)' into", path: jobDir, reason: String(cString: strerror(errno)))
        }
        // bosh-cli makes everything in bin/ executable after installing the job.
        let binDir = jobDir + "/bin"
        for file in (try? FileManager.default.contentsOfDirectory(atPath: binDir)) ?? [] {
            chmod(binDir + "/" + file, 0o755)
        }
        let executable = binDir + "/cpi"
        guard FileTree.kind(executable) == .file else { throw ReleaseError.missingFile(path: executable) }
        logger.debug("installed CPI", metadata: ["job": "\(jobName)", "cpi": "\(executable)"])
        return CPIInstallation(
            executable: executable, packagesDirectory: packagesDir, jobsDirectory: jobsDir, jobDirectory: jobDir,
            releaseName: release.name, releaseVersion: release.version, jobName: jobName, packages: compiled)
    }
}

import CPIProtocol
import DeployerSupport
import Logging
import ReleaseCompiler

/// `CPIProvisioning` that compiles and renders the CPI release on this machine
/// (`CPIInstaller`) and drives the installed `bin/cpi` with `ExternalCPICloud`.
///
/// Each step is reported as bosh-cli reports it: `Compiling package '<name>/<fingerprint>'`
/// (skipped when already compiled), `Installing packages`, `Rendering job templates`, then
/// `Installing job '<name>'` for every job.
public struct LocalCPIProvisioner: CPIProvisioning {
    private let installer: CPIInstaller
    private let logger: Logger
    /// Longest one CPI call may run (`--cpi-timeout`); nil for no limit, as in bosh-cli.
    public let callTimeout: Duration?
    /// Sees every call of the installed CPI.
    public let interceptor: any CallInterceptor

    /// - Parameters:
    ///   - installer: compiles (into the shared package store) and renders.
    ///   - logger: passed to the CPI runner for its debug log.
    ///   - callTimeout: the time limit of each CPI call; nil for none.
    ///   - interceptor: sees every call of the installed CPI.
    public init(
        installer: CPIInstaller, logger: Logger = Logger(label: "deployer.cpi"), callTimeout: Duration? = nil,
        interceptor: any CallInterceptor = PassThroughInterceptor()
    ) {
        self.installer = installer
        self.logger = logger
        self.callTimeout = callTimeout
        self.interceptor = interceptor
    }

    public func install(_ request: CPIInstallRequest, stage: any Stage) async throws -> any Cloud {
        let installer = self.installer
        let releases = Self.uniqueReleaseNames(request.jobs)
        let prepared = try await stage.perform(
            "Extracting release\(releases.count == 1 ? "" : "s") '\(releases.joined(separator: "', '"))'"
        ) {
            try await installer.prepare(jobs: request.jobs, installationDirectory: request.installationDirectory)
        }
        let packages = try await installer.compiler.compile(prepared.plan) { planned, body in
            try await Self.compileStep(planned, stage: stage, body)
        }
        try await stage.perform("Installing packages") {
            try await installer.linkPackages(packages, for: prepared)
        }
        var rendered: [RenderedCPIJob] = []
        try await stage.performOrSkip("Rendering job templates") {
            rendered = try await installer.renderJobs(
                prepared, properties: request.properties, deploymentName: request.deploymentName)
            return rendered.allSatisfy(\.reused)
                ? StepOutcome<Void>.skipped(reason: "Job templates unchanged") : .completed(())
        }
        var installation: CPIInstallation?
        for job in rendered {
            installation = try await stage.perform("Installing job '\(job.job.name)'") {
                try await installer.installJob(job, of: prepared, packages: packages)
            }
        }
        guard let installation else {
            throw ReleaseError.cpiJobCount(found: 0, releases: releases)
        }
        var configuration = ExternalCPIConfiguration(
            executablePath: installation.executable, jobsDirectory: installation.jobsDirectory,
            packagesDirectory: installation.packagesDirectory, directorUUID: request.directorUUID,
            stemcellAPIVersion: request.stemcellAPIVersion)
        configuration.timeout = callTimeout
        return ExternalCPICloud(configuration: configuration, logger: logger, interceptor: interceptor)
    }

    /// `Compiling package '<name>/<fingerprint>'`, skipped when the store already holds it
    /// intact (or it came precompiled), with a heartbeat while the packaging script runs.
    static func compileStep(
        _ planned: PlannedPackage, stage: any Stage, _ body: @Sendable () async throws -> StoredPackage
    ) async throws -> StoredPackage {
        let name = "Compiling package '\(planned.name)/\(planned.fingerprint)'"
        var result: StoredPackage?
        try await stage.performOrSkip(name) {
            let stored = try await StepHeartbeat.run(step: name, stage: stage, body)
            result = stored
            return stored.origin == .compiled
                ? StepOutcome<Void>.completed(()) : .skipped(reason: "Package already compiled")
        }
        guard let result else { throw StageError.unexpectedSkip(step: name) }
        return result
    }

    private static func uniqueReleaseNames(_ jobs: [CPIJobSource]) -> [String] {
        var seen: [String] = []
        for job in jobs where !seen.contains(job.release) { seen.append(job.release) }
        return seen
    }
}

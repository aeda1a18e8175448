import CPIProtocol
import Logging
import ReleaseCompiler

/// `CPIProvisioning` that compiles and renders the CPI release on this machine
/// (`CPIInstaller`) and drives the installed `bin/cpi` with `ExternalCPICloud`.
public struct LocalCPIProvisioner: CPIProvisioning {
    private let installer: CPIInstaller
    private let logger: Logger
    /// Longest one CPI call may run (`--cpi-timeout`); nil keeps `ExternalCPIConfiguration`'s
    /// default.
    public let callTimeout: Duration?

    /// - Parameters:
    ///   - installer: compiles (with the shared compiled package cache) and renders.
    ///   - logger: passed to the CPI runner for its debug log.
    ///   - callTimeout: the time limit of each CPI call; nil for the default (an hour).
    public init(installer: CPIInstaller, logger: Logger = Logger(label: "deployer.cpi"), callTimeout: Duration? = nil) {
        self.installer = installer
        self.logger = logger
        self.callTimeout = callTimeout
    }

    public func install(_ request: CPIInstallRequest, stage: any Stage) async throws -> any Cloud {
        let installer = self.installer
        let installation = try await stage.perform("Installing CPI job '\(request.jobName)'") {
            try await installer.installCPI(
                releaseTarball: request.releaseTarball, jobName: request.jobName, properties: request.properties,
                deploymentName: request.deploymentName, installationDirectory: request.installationDirectory)
        }
        var configuration = ExternalCPIConfiguration(
            executablePath: installation.executable, jobsDirectory: installation.jobsDirectory,
            packagesDirectory: installation.packagesDirectory, directorUUID: request.directorUUID,
            stemcellAPIVersion: request.stemcellAPIVersion)
        if let callTimeout { configuration.timeout = callTimeout }
        return ExternalCPICloud(configuration: configuration, logger: logger)
    }
}

import AgentClient
import CPIProtocol
import DeployerSupport
import Foundation
import GoYAML
import Interpolation
import ReleaseCompiler

/// Runs create-env (`deploy`), delete-env (`delete`) and `plan` (spec create-env.md §3, §9):
/// every collaborator is injected, nothing is printed (progress goes to the `Stage`) and the
/// process environment is never read.
public struct Orchestrator: Sendable {
    /// Interpolates the manifest (ops files, variables, vars store).
    public let interpolator: Interpolator
    /// Finds release and stemcell tarballs.
    public let artifacts: any ArtifactResolving
    /// Reads release and stemcell tarballs.
    public let inspector: any ReleaseInspecting
    /// Installs the CPI.
    public let provisioner: any CPIProvisioning
    /// Makes agent and blob store clients.
    public let connector: any AgentConnecting
    /// Renders instance job templates.
    public let renderer: any TemplateRenderer
    /// Packages compiled on earlier VMs, by fingerprint, dependencies and stemcell; nil
    /// compiles every source package on every deploy, as bosh-cli does.
    public let compiledPackages: CompiledPackageCache?
    /// Where each deployed release's manifest and jobs are kept for `export-release`; nil
    /// keeps nothing.
    public let releaseRecords: ReleaseRecordStore?
    /// Paths and waits.
    public let options: OrchestratorOptions

    /// Creates an orchestrator from its collaborators.
    public init(
        interpolator: Interpolator, artifacts: any ArtifactResolving, inspector: any ReleaseInspecting,
        provisioner: any CPIProvisioning, connector: any AgentConnecting, renderer: any TemplateRenderer,
        compiledPackages: CompiledPackageCache? = nil, releaseRecords: ReleaseRecordStore? = nil,
        options: OrchestratorOptions
    ) {
        self.compiledPackages = compiledPackages
        self.releaseRecords = releaseRecords
        self.interpolator = interpolator
        self.artifacts = artifacts
        self.inspector = inspector
        self.provisioner = provisioner
        self.connector = connector
        self.renderer = renderer
        self.options = options
    }

    // MARK: Shared steps

    /// The interpolated manifest, its SHA-512 hex (`current_manifest_sha`) and the variables
    /// the vars store generated for it.
    /// - Parameter dryRun: generate variables in memory only, leaving the vars store as it is.
    func interpolate(
        _ request: DeployRequest, dryRun: Bool = false
    ) throws -> (node: YAMLNode, sha: String, generated: [String]) {
        var interpolation = request.interpolation
        interpolation.expectAllKeys = true
        interpolation.path = nil
        interpolation.savesGeneratedVariables = !dryRun
        let (text, generated) = try interpolator.runReporting(interpolation)
        let node = try YAMLCodec.parse(text)
        let sha = try Digest.compute(of: Data(text.utf8), algorithm: .sha512).hex
        return (node, sha, generated)
    }

    /// Shows the manifest and state paths, as every command starts; with `stateFileExists`
    /// false it also says there is no state file.
    /// - Returns: whether there is a state file to work on.
    func announce(
        _ request: DeployRequest, store: any StateStore, stateFileExists: Bool = true, stage: any Stage
    ) -> Bool {
        stage.info("Deployment manifest: '\(request.manifestPath)'")
        stage.info("Deployment state: '\(store.path)'")
        if !stateFileExists { stage.info("No deployment state file found.") }
        return stateFileExists
    }

    /// Locks the state, runs `body`, and unlocks whatever happened.
    func withLockedState<T: Sendable>(_ store: any StateStore, _ body: () async throws -> T) async throws -> T {
        try await store.lock()
        do {
            let value = try await body()
            await store.unlock()
            return value
        } catch {
            await store.unlock()
            throw error
        }
    }

    /// Every `cloud_provider.templates` job with the release it names, in manifest order.
    /// - Throws: `OrchestrationError.noCPIJob` without any; `.unknownRelease` for a job whose
    ///   release is not in `releases`.
    func cpiTemplates(_ manifest: DeploymentManifest) throws -> [ReleaseJobRef] {
        let templates = manifest.installation.templates.filter { !$0.name.isEmpty }
        guard !templates.isEmpty else { throw OrchestrationError.noCPIJob }
        for template in templates where manifest.releaseSet.release(named: template.release) == nil {
            throw OrchestrationError.unknownRelease(template.release, usedBy: "cloud_provider.templates")
        }
        return templates
    }

    /// Installs the CPI as the `installing CPI` stage.
    /// - Parameter tarballs: release tarballs by manifest release name.
    func installCPI(
        manifest: DeploymentManifest, tarballs: [String: String], state: DeploymentState, stemcellAPIVersion: Int?,
        stage: any Stage
    ) async throws -> any Cloud {
        let jobs = try cpiTemplates(manifest).map { template in
            guard let tarball = tarballs[template.release] else {
                throw OrchestrationError.unknownRelease(template.release, usedBy: "cloud_provider.templates")
            }
            return CPIJobSource(release: template.release, tarball: tarball, job: template.name)
        }
        let request = CPIInstallRequest(
            jobs: jobs, properties: WireValues.json(.map(PropertyMerge.cpiProperties(manifest.installation))),
            deploymentName: manifest.deployment.name,
            installationDirectory: options.installationDirectory(state.installationID),
            directorUUID: state.directorID, stemcellAPIVersion: stemcellAPIVersion)
        return try await stage.performComplex("installing CPI") { sub in
            try await provisioner.install(request, stage: sub)
        }
    }

    /// A scratch directory under `<home>/tmp`, removed by the caller.
    func makeWorkDirectory() throws -> String {
        let path = options.deployerHome + "/tmp/run-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

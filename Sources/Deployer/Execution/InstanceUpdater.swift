import AgentClient
import AgentProtocol
import DeployerSupport
import Foundation
import GoYAML
import ReleaseCompiler

/// The `updateInstance` step of a plan (bosh-cli's `deployment/instance`): render, compile,
/// apply and start the jobs on the new VM.
struct InstanceUpdater: Sendable {
    /// Extracts the releases.
    var inspector: any ReleaseInspecting
    /// Renders the job templates.
    var renderer: any TemplateRenderer
    /// Packages compiled on earlier VMs; nil compiles every source package.
    var compiledPackages: CompiledPackageCache?
    /// Keeps each release's manifest and jobs for `export-release`; nil keeps nothing.
    var releaseRecords: ReleaseRecordStore?
    var options: OrchestratorOptions
    /// Explains a failed start with the jobs' logs.
    var failureLogs: FailureLogExplainer

    init(_ orchestrator: Orchestrator) {
        failureLogs = FailureLogExplainer(orchestrator)
        inspector = orchestrator.inspector
        renderer = orchestrator.renderer
        compiledPackages = orchestrator.compiledPackages
        releaseRecords = orchestrator.releaseRecords
        options = orchestrator.options
    }

    /// Updates the jobs on the new VM (spec create-env.md §3.8 step 6): initial apply,
    /// `get_state`, render and upload the job templates, compile packages on the VM, then
    /// stop, apply, pre-start, start, wait until running, post-start.
    func updateInstance(context: InstanceContext, stage: any Stage) async throws {
        let prepared = context.prepared
        let deployment = prepared.manifest.deployment
        let job = prepared.job
        let instance = "\(job.name)/0"
        let agent = context.agent
        let interfaces = try deployment.networkInterfaces(for: job)

        try await withContext("Applying the initial spec to instance '\(instance)'") {
            try await agent.apply(
                ApplySpec(
                    deployment: deployment.name, name: job.name, networks: WireValues.agentNetworks(interfaces),
                    job: JobSpec(name: job.name)))
        }
        let reported = try await withContext("Reading the state of instance '\(instance)'") {
            try await agent.getState()
        }
        let networks = WireValues.agentNetworks(interfaces, reported: reported.networks)
        let address = networks[try DeploymentSpec.defaultAddressInterface(interfaces).name]?.ip

        var extracted: [(name: String, release: ExtractedRelease)] = []
        for template in job.templates where !extracted.contains(where: { $0.name == template.release }) {
            let release = try prepared.release(named: template.release)
            let read = try await withContext("Extracting release '\(template.release)'") {
                try await inspector.extractRelease(
                    tarball: release.artifact.localPath, into: context.work + "/releases/\(extracted.count)")
            }
            // Compiled variants that fit the stemcell exactly replace their sources.
            let compiled = prepared.compiledSelections[template.release]?.compiled ?? []
            extracted.append((template.release, read.usingCompiled(compiled)))
        }

        let (archive, jobRefs) = try await stage.step("Rendering job templates") {
            try await renderJobs(extracted: extracted, address: address, context: context)
        }
        let packages = try await compilePackages(extracted: extracted, context: context, stage: stage)

        let spec = ApplySpec(
            deployment: deployment.name, name: job.name, packages: packages, networks: networks,
            job: JobSpec(name: job.name, templates: jobRefs), renderedTemplatesArchive: archive)
        let target = FailureLogTarget(
            instance: instance, deployment: deployment.name, jobs: job.templates.map(\.name), agent: agent,
            blobs: context.blobs, request: context.request)
        try await failureLogs.explainingFailures(of: target, stage: stage) {
            try await stage.step("Updating instance '\(instance)'") {
                try await agent.stop()
                try await agent.apply(spec)
                try await agent.runScript("pre-start")
                try await agent.start()
            }
            try await stage.step("Waiting for instance '\(instance)' to be running") {
                try await Self.waitUntilRunning(
                    instance: instance, watch: deployment.update.updateWatchTime, agent: agent,
                    pollInterval: options.runningPollInterval)
            }
            try await stage.step("Running the post-start scripts '\(instance)'") {
                try await agent.runScript("post-start")
            }
        }
        // Only export-release needs these, so they are kept once the instance runs, not on
        // the way there (the first deploy of a compiled release hashes its packages here).
        await keepForExport(extracted.map(\.release), stemcell: prepared.stemcell, stage: stage)
    }

    /// Renders every job of the instance group into one archive and uploads it.
    private func renderJobs(
        extracted: [(name: String, release: ExtractedRelease)], address: String?, context: InstanceContext
    ) async throws -> (BlobReference, [PackageReference]) {
        let deployment = context.prepared.manifest.deployment
        let job = context.prepared.job
        var rendered: [RenderedJob] = []
        var refs: [PackageReference] = []
        for template in job.templates {
            guard let release = extracted.first(where: { $0.name == template.release })?.release else {
                throw OrchestrationError.unknownRelease(template.release, usedBy: "job '\(template.name)'")
            }
            let releaseJob = try release.job(named: template.name)
            let renderContext = RenderContext(
                deployment: deployment.name, address: address,
                globalProperties: WireValues.json(.map(deployment.properties)),
                clusterProperties: WireValues.json(.map(job.properties)),
                jobProperties: template.properties.map { WireValues.json(.map($0)) })
            let output = try await renderer.render(
                job: releaseJob, context: renderContext, into: context.work + "/rendered/" + template.name)
            // The agent installs the archive as it is: scripts in bin/ must be executable.
            let bin = output.directory + "/bin"
            for file in (try? FileManager.default.contentsOfDirectory(atPath: bin)) ?? [] {
                try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/" + file)
            }
            rendered.append(output)
            refs.append(PackageReference(name: template.name, version: releaseJob.fingerprint))
        }
        let tarball = context.work + "/rendered-templates.tgz"
        let digest = try await RenderedJobArchive.write(rendered, to: tarball)
        let blob = try await context.blobs.uploadBlob(file: tarball, expectedDigest: digest, algorithm: .sha256)
        return (blob, refs)
    }
}

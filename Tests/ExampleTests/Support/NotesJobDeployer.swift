import AgentClient
import AgentProtocol
import DeployerSupport
import Foundation
import ReleaseCompiler

/// Drives an agent the way a deploy does for the notes job: compile `notes-server` on the
/// VM, render and upload the job, apply, run pre-start, start.
struct NotesJobDeployer: Sendable {
    let release: ExtractedRelease
    let scratch: ScratchDirectory

    /// - Parameter label: keeps the scratch files of several deploys apart.
    /// - Throws: agent, render and archive errors.
    func deploy(
        client: MbusAgentClient, blobs: BlobstoreClient, host: String, port: Int, greeting: String, label: String
    ) async throws {
        guard let package = release.package(named: "notes-server") else {
            throw ExampleTestError("release \(release.name) has no package notes-server")
        }
        let job = try release.job(named: "notes")

        let source = try await blobs.upload(file: URL(fileURLWithPath: package.tarball), expectedDigest: package.sha1)
        let compiled = try await client.compilePackage(
            CompilePackageArguments(
                blobID: source.blobID, digest: source.digest, name: package.name, version: package.fingerprint))

        // The rendered templates archive holds `<job>/...`.
        let archiveRoot = scratch.at("rendered-\(label)")
        _ = try await RubyERBRenderer().render(
            job: job,
            context: RenderContext(
                deployment: "local-notes", address: host,
                jobProperties: .object(["notes": .object(["port": .int(port), "greeting": .string(greeting)])])),
            into: archiveRoot + "/notes")
        // The renderer writes plain 0644 files: local-agent, like the real agent, makes
        // `bin/*` executable when it installs the job (the ctl start below depends on it).
        let archive = scratch.at("rendered-\(label).tgz")
        _ = try LibArchiveWriter().writeTarball(from: archiveRoot, to: archive)
        let rendered = try await blobs.upload(file: URL(fileURLWithPath: archive), algorithm: .sha256)

        try await client.apply(
            ApplySpec(
                deployment: "local-notes", name: "notes",
                packages: [
                    "notes-server": PackageReference(
                        name: "notes-server", version: package.fingerprint, sha1: compiled.sha1,
                        blobstoreID: compiled.blobstoreID)
                ],
                networks: ["default": NetworkSpec(type: "manual", ip: host, default: ["dns", "gateway"])],
                job: JobSpec(name: "notes", templates: [PackageReference(name: "notes", version: job.fingerprint)]),
                renderedTemplatesArchive: rendered.reference))
        try await client.runScript("pre-start", options: RunScriptOptions())
        try await client.start()
    }

    /// Polls `get_state` until `job_state` is `expected` (at most 10 s).
    static func waitForJobState(_ expected: String, client: MbusAgentClient) async throws -> AgentState {
        var state = try await client.getState()
        let deadline = ContinuousClock.now + .seconds(10)
        while state.jobState != expected, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            state = try await client.getState()
        }
        return state
    }
}

import DeployerSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Renders ERB templates with the system `ruby`: one process per job that forks a child per
/// file, so every file sees a fresh context as with bosh-cli's process per file
/// (`ERBRendererScript`).
public struct RubyERBRenderer: TemplateRenderer {
    /// The Ruby interpreter: a path or a bare name looked up in `PATH`.
    public var ruby: String
    /// Longest one job's rendering may take.
    public var timeout: Duration
    private let runner = ProcessRunner()

    /// Creates a value from its parts.
    public init(ruby: String = "ruby", timeout: Duration = .seconds(120)) {
        self.ruby = ruby
        self.timeout = timeout
    }

    /// The renderer program and the `ruby` it runs (resolved in `PATH`, with its inode, size
    /// and modification time, so an upgraded Ruby renders anew); nil when `ruby` is not found.
    public var reuseIdentity: String? {
        let candidates =
            ruby.contains("/")
            ? [ruby]
            : (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(ruby)" }
        for candidate in candidates {
            guard let resolved = realpath(candidate, nil) else { continue }
            defer { free(resolved) }
            var info = stat()
            guard stat(resolved, &info) == 0, info.st_mode & 0o111 != 0 else { continue }
            let script = (try? Digest.compute(of: Data(ERBRendererScript.source.utf8), algorithm: .sha256).hex) ?? ""
            return
                "erb \(script) ruby \(String(cString: resolved)) \(info.st_ino) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        }
        return nil
    }

    /// Renders `job` with one `ruby` process; see `TemplateRenderer.render(job:context:into:)`.
    public func render(job: ExtractedJob, context: RenderContext, into directory: String) async throws -> RenderedJob {
        let work = try FileTree.makeTemporaryDirectory(prefix: "erb-\(job.name)")
        defer { try? FileTree.remove(work) }
        try FileTree.createDirectory(directory)

        let templates = try plannedFiles(of: job, into: directory, context: context)
        let plan: PropertyValue = .object([
            "job": .string(job.name), "index": .int(context.index), "templates": .array(templates),
        ])
        let scriptPath = work + "/erb_renderer.rb"
        let contextPath = work + "/erb-context.json"
        let planPath = work + "/plan.json"
        let resultPath = work + "/result.json"
        try FileTree.write(ERBRendererScript.source, to: scriptPath, mode: 0o600)
        // The context holds properties (possibly secrets): readable by us only. Each file
        // gets its own id from the plan; the one written here is replaced.
        let firstID = templates.first?["id"]?.stringValue ?? ""
        try FileTree.write(context.jsonText(for: job.manifest, id: firstID), to: contextPath, mode: 0o600)
        try FileTree.write(plan.jsonText, to: planPath, mode: 0o600)

        let result: ProcessRunner.Result
        do {
            result = try await runner.run(
                .init(
                    executable: ruby, arguments: [scriptPath, contextPath, planPath, resultPath], timeout: timeout))
        } catch {
            throw ReleaseError.renderFailed(job: job.name, template: "*", message: "running '\(ruby)': \(error)")
        }
        let report = (try? PlainFile.read(resultPath)).map { String(decoding: $0, as: UTF8.self) }.flatMap {
            try? PropertyValue(parsing: Data($0.utf8))
        }
        if result.exitStatus.isSuccess, report?["ok"] == .bool(true) {
            return RenderedJob(name: job.name, fingerprint: job.fingerprint, directory: directory)
        }
        if let template = report?["template"]?.stringValue, let message = report?["message"]?.stringValue {
            throw ReleaseError.renderFailed(job: job.name, template: template, message: message)
        }
        let stderrTail = result.standardErrorText.split(separator: "\n").suffix(10).joined(separator: "\n")
        throw ReleaseError.renderFailed(
            job: job.name, template: "*", message: "ruby \(result.exitStatus): \(stderrTail)")
    }

    /// The plan's entries: the job's templates, then `monit`, each with the id its context
    /// gets. Destination directories are created first, as bosh-cli does before each file.
    private func plannedFiles(
        of job: ExtractedJob, into directory: String, context: RenderContext
    ) throws -> [PropertyValue] {
        var files: [(name: String, source: String, destination: String)] = []
        for template in job.manifest.templates {
            guard SafeRelativePath.isSafe(template.source) else {
                throw ReleaseError.unsafePath(owner: "job '\(job.name)' template source", path: template.source)
            }
            guard SafeRelativePath.isSafe(template.destination) else {
                throw ReleaseError.unsafePath(
                    owner: "job '\(job.name)' template '\(template.source)' destination", path: template.destination)
            }
            files.append((template.source, "templates/" + template.source, template.destination))
        }
        files.append(("monit", "monit", "monit"))

        return try files.map { file in
            let sourcePath = job.directory + "/" + file.source
            guard FileKind(of: sourcePath) == .file else { throw ReleaseError.missingFile(path: sourcePath) }
            let destinationPath = directory + "/" + file.destination
            try FileTree.createDirectory((destinationPath as NSString).deletingLastPathComponent)
            return .object([
                "name": .string(file.name), "source": .string(sourcePath), "destination": .string(destinationPath),
                // bosh-cli marshals the context, and so draws a new UUID, once per file.
                "id": .string(context.id ?? UUID().uuidString.lowercased()),
            ])
        }
    }
}

import DeployerSupport
import Foundation

/// Renders ERB templates with the system `ruby`, one process per job (bosh-cli starts one per
/// file; the context semantics are the same).
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

    /// Renders `job` with one `ruby` process; see `TemplateRenderer.render(job:context:into:)`.
    public func render(job: ExtractedJob, context: RenderContext, into directory: String) async throws -> RenderedJob {
        let work = try FileTree.makeTemporaryDirectory(prefix: "erb-\(job.name)")
        defer { FileTree.remove(work) }
        try FileTree.createDirectory(directory)

        var templates: [PropertyValue] = []
        func add(name: String, source: String, destination: String) throws {
            guard FileTree.isContained(destination) else {
                throw ReleaseError.unsafePath(owner: "job '\(job.name)' template '\(name)' destination", path: destination)
            }
            let sourcePath = job.directory + "/" + source
            guard FileTree.kind(sourcePath) == .file else { throw ReleaseError.missingFile(path: sourcePath) }
            var entry: [String: PropertyValue] = [
                "name": .string(name), "source": .string(sourcePath), "destination": .string(directory + "/" + destination),
            ]
            if let id = context.id { entry["id"] = .string(id) }
            templates.append(.object(entry))
        }
        for template in job.manifest.templates {
            guard FileTree.isContained(template.source) else {
                throw ReleaseError.unsafePath(owner: "job '\(job.name)' template source", path: template.source)
            }
            try add(name: template.source, source: "templates/" + template.source, destination: template.destination)
        }
        try add(name: "monit", source: "monit", destination: "monit")

        let input: PropertyValue = .object([
            "job": .string(job.name), "context": context.json(for: job.manifest), "templates": .array(templates),
        ])
        let scriptPath = work + "/erb_renderer.rb"
        let inputPath = work + "/input.json"
        try FileTree.write(ERBRendererScript.source, to: scriptPath, mode: 0o600)
        // The input holds properties (possibly secrets): readable by us only.
        try FileTree.write(try input.jsonString(), to: inputPath, mode: 0o600)

        let result: ProcessRunner.Result
        do {
            result = try await runner.run(.init(
                executable: ruby, arguments: [scriptPath, inputPath], timeout: timeout))
        } catch {
            throw ReleaseError.renderFailed(job: job.name, template: "*", message: "running '\(ruby)': \(error)")
        }
        let lastLine = result.standardOutputText.split(separator: "\n").last.map(String.init) ?? ""
        let report = try? JSONDecoder().decode(PropertyValue.self, from: Data(lastLine.utf8))
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
}

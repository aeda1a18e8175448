import DeployerTestSupport
import Foundation

@testable import ReleaseCompiler

/// A one-job release directory for rendering tests: `job.MF` declaring `properties`, the
/// given templates (each rendered to a file of the same name) and a `monit`.
///
/// The expected outputs in the tests that use it were taken from bosh-cli's own renderer
/// (19ee1a8, Ruby 3.1) given the same context.
struct ERBJobFixture {
    let dir: TemporaryDirectory
    let job: ExtractedJob

    /// - Parameters:
    ///   - properties: the YAML mapping under `properties:` in `job.MF`, one entry a line.
    ///   - templates: source name and ERB text, rendered in name order.
    ///   - monit: the `monit` template.
    init(properties: String, templates: [String: String], monit: String = "") throws {
        dir = try TemporaryDirectory("erb")
        let declared = properties.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        let listed = templates.keys.sorted().map { "  \($0): \($0)" }.joined(separator: "\n")
        try dir.write("job/job.MF", "---\nname: web\ntemplates:\n\(listed)\nproperties:\n\(declared)\n")
        try dir.write("job/monit", monit)
        for (name, text) in templates { try dir.write("job/templates/" + name, text) }
        let manifest = try JobManifest.read(path: dir.path + "/job/job.MF")
        job = ExtractedJob(manifest: manifest, fingerprint: "fp", directory: dir.path + "/job")
    }

    /// Renders every file; returns the outputs by template name (and `monit`).
    func render(_ context: RenderContext) async throws -> [String: String] {
        let out = dir.path + "/out-" + UUID().uuidString.lowercased()
        _ = try await RubyERBRenderer().render(job: job, context: context, into: out)
        var outputs: [String: String] = [:]
        for name in job.manifest.templates.map(\.destination) + ["monit"] {
            outputs[name] = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
        }
        return outputs
    }

    /// Renders and returns the failure's template and message (nil when rendering succeeds).
    func failure(_ context: RenderContext) async -> (template: String, message: String)? {
        do {
            _ = try await render(context)
            return nil
        } catch ReleaseError.renderFailed(_, let template, let message) {
            return (template, message)
        } catch {
            return ("unexpected", "\(error)")
        }
    }
}

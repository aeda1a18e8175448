import AgentProtocol
import DeployerSupport
import Foundation

/// The applied spec on disk (`bosh/spec.json`), kept as the JSON the client sent so
/// `get_state` returns every key, known or not.
struct SpecStore: Sendable {
    let layout: VMLayout

    /// The persisted spec, or `nil` before the first `apply`.
    /// - Throws: `LocalAgentError` when the file exists but cannot be parsed.
    func load() throws -> AgentJSON? {
        guard let data = FileManager.default.contents(atPath: layout.specFile) else { return nil }
        do {
            return try JSONDecoder().decode(AgentJSON.self, from: data)
        } catch {
            throw LocalAgentError("Reading apply spec '\(layout.specFile)': not valid JSON")
        }
    }

    /// The persisted spec decoded, or an empty spec before the first `apply`.
    func loadSpec() throws -> ApplySpec? {
        guard let json = try load() else { return nil }
        return try prefixingErrors("Decoding apply spec '\(layout.specFile)'") { try json.decode(ApplySpec.self) }
    }

    /// Replaces the persisted spec atomically.
    /// - Throws: `LocalAgentError` naming the file.
    func save(_ spec: AgentJSON) throws {
        try prefixingErrors("Persisting apply spec '\(layout.specFile)'") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try AtomicFile.write(try encoder.encode(spec), to: layout.specFile)
        }
    }
}

import AgentProtocol
import DeployerSupport
import Foundation

/// The agent settings file the CPI writes for each VM, in the real agent's JSON shape
/// (spec agent.md §11): `agent_id`, `mbus`, `blobstore`, `networks`, `disks`, `env`, `vm`.
///
/// Only what the local agent uses is extracted; the raw JSON is kept for `networks` and
/// persistent disk settings, which the agent treats as opaque maps.
struct AgentSettings: Sendable {
    /// `agent_id`.
    var agentID: String
    /// The mbus URL the agent serves: `env.bosh.mbus.urls[0]` if set, else root `mbus`.
    var mbusURL: String
    /// `env.bosh.mbus.cert`: PEM certificate (chain) and private key of the listener.
    var certificatePEM: String
    var privateKeyPEM: String
    /// `networks` by name, verbatim.
    var networks: [String: AgentJSON]
    /// `disks.persistent`: disk CID to the CPI's settings (a path string or an object).
    var persistentDisks: [String: AgentJSON]
    /// `vm.name`, reported by `get_state`.
    var vmName: String?

    /// Reads and parses `path`.
    /// - Throws: `LocalAgentError` naming the file and the missing or malformed field.
    static func load(path: String) throws -> AgentSettings {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LocalAgentError("Reading settings file '\(path)': cannot read the file")
        }
        let json: AgentJSON
        do {
            json = try JSONDecoder().decode(AgentJSON.self, from: data)
        } catch {
            throw LocalAgentError("Reading settings file '\(path)': not valid JSON")
        }
        return try AgentSettings(json: json, path: path)
    }

    /// Applies a persisted `update_settings` argument the way the real agent does at start:
    /// `mbus.urls[0]` wins over the settings' URL, and `mbus.cert` replaces the listener's
    /// certificate when its `ca` is non-empty.
    mutating func applyUpdate(_ update: AgentJSON) {
        let mbus = update["mbus"]
        if let urls = (mbus?["urls"]).flatMap({ try? $0.decode([String].self) }), let first = urls.first, !first.isEmpty
        {
            mbusURL = first
        }
        if let cert = mbus?["cert"], let ca = cert["ca"]?.stringValue, !ca.isEmpty,
            let certificate = cert["certificate"]?.stringValue, !certificate.isEmpty,
            let key = cert["private_key"]?.stringValue, !key.isEmpty
        {
            certificatePEM = certificate
            privateKeyPEM = key
        }
    }

    init(json: AgentJSON, path: String) throws {
        guard json.objectValue != nil else {
            throw LocalAgentError("Reading settings file '\(path)': the top level is not a JSON object")
        }
        agentID = json["agent_id"]?.stringValue ?? ""
        let envMbus = json["env"]?["bosh"]?["mbus"]
        let urls = (envMbus?["urls"]).flatMap { try? $0.decode([String].self) } ?? []
        if let first = urls.first, !first.isEmpty {
            mbusURL = first
        } else if let root = json["mbus"]?.stringValue, !root.isEmpty {
            mbusURL = root
        } else {
            throw LocalAgentError("Reading settings file '\(path)': no mbus URL in 'env.bosh.mbus.urls' or 'mbus'")
        }
        let cert = envMbus?["cert"]
        guard let certificate = cert?["certificate"]?.stringValue, !certificate.isEmpty,
            let key = cert?["private_key"]?.stringValue, !key.isEmpty
        else {
            throw LocalAgentError(
                "Reading settings file '\(path)': 'env.bosh.mbus.cert' needs 'certificate' and 'private_key' (PEM)")
        }
        certificatePEM = certificate
        privateKeyPEM = key
        networks = json["networks"]?.objectValue ?? [:]
        persistentDisks = json["disks"]?["persistent"]?.objectValue ?? [:]
        vmName = json["vm"]?["name"]?.stringValue
    }
}

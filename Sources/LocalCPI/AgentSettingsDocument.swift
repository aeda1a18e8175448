import CPIProtocol
import DeployerSupport
import Foundation

/// The agent settings file (`vms/<cid>/settings.json`) in the real bosh-agent's shape
/// (agent.md §11), as `local-agent --settings` reads it: `agent_id`, `vm.name`, `mbus`,
/// `blobstore`, `ntp`, `networks`, `disks {system, ephemeral, persistent}`, `env` (with
/// `env.bosh.mbus.cert` passed through from `create_vm`).
///
/// `local-agent` re-reads `disks.persistent` when it mounts a disk it was not told about
/// by `add_persistent_disk`, so `attach_disk` only has to rewrite this file.
struct AgentSettingsDocument: Sendable, Equatable {
    private(set) var json: JSONValue

    /// Builds the settings of a new VM.
    init(
        agentID: String, vmCID: String, vmDirectory: String, mbusURL: String, config: LocalCPIConfig,
        networks: JSONValue, environment: JSONValue
    ) {
        var settings: [String: JSONValue] = [
            "agent_id": .string(agentID),
            "vm": ["name": .string(vmCID)],
            "mbus": .string(mbusURL),
            "ntp": .array(config.ntp.map { .string($0) }),
            "networks": networks,
            "disks": [
                "system": .string(vmDirectory),
                "ephemeral": .string(vmDirectory + "/data"),
                "persistent": .object([:]),
            ],
            "env": environment.isNull ? .object([:]) : environment,
        ]
        if !config.blobstore.isNull { settings["blobstore"] = config.blobstore }
        json = .object(settings)
    }

    /// Wraps settings read back from a file.
    init(json: JSONValue) { self.json = json }

    /// Reads `path`.
    /// - Throws: `LocalCPIError` naming the file.
    static func load(path: String) throws -> AgentSettingsDocument {
        guard let data = FileManager.default.contents(atPath: path), let json = try? JSONValue(parsing: data),
            json.objectValue != nil
        else { throw LocalCPIError("Reading agent settings '\(path)': missing or not a JSON object") }
        return AgentSettingsDocument(json: json)
    }

    /// Writes the settings atomically (mode 0600: they hold the mbus credentials and key).
    func save(path: String) throws {
        try CloudRoot.writeJSON(json, to: path)
    }

    /// `disks.persistent`: disk CID to hint.
    var persistentDisks: [String: JSONValue] {
        json["disks"]?["persistent"]?.objectValue ?? [:]
    }

    /// Sets (or, with `nil`, removes) the hint of `diskCID` under `disks.persistent`.
    mutating func setPersistentDisk(_ diskCID: String, hint: JSONValue?) {
        guard var root = json.objectValue else { return }
        var disks = root["disks"]?.objectValue ?? [:]
        var persistent = disks["persistent"]?.objectValue ?? [:]
        persistent[diskCID] = hint
        disks["persistent"] = .object(persistent)
        root["disks"] = .object(disks)
        json = .object(root)
    }

    /// The mbus URL for a VM at `ip`: `{{ip}}` and a `0.0.0.0` host are replaced by the IP.
    static func mbusURL(template: String, ip: String) -> String {
        template.replacingOccurrences(of: "{{ip}}", with: ip).replacingOccurrences(of: "@0.0.0.0:", with: "@\(ip):")
            .replacingOccurrences(of: "//0.0.0.0:", with: "//\(ip):")
    }
}

import CPIProtocol
import DeployerSupport
import Foundation

extension LocalCloud {
    /// Creates `vms/<cid>/`, writes the agent settings, starts the agent detached and writes
    /// the record with its pid. On any failure the agent and the directory are removed again.
    func handle(_ arguments: CreateVMArguments) async throws -> CreatedVM {
        guard !arguments.agentID.isEmpty else {
            throw CPIResponseError(type: .invalidCall, message: "create_vm: argument 1 ('agent_id') must not be empty")
        }
        let networks = try VMNetworks(arguments.networks)
        return try await locked { config, root in
            let stemcellCID = arguments.stemcellCID.rawValue
            guard let stemcell = try root.read(StemcellRecord.self, .stemcells, stemcellCID) else {
                throw CPIResponseError.cloud("create_vm: stemcell '\(stemcellCID)' not found")
            }
            for other in root.cids(.vms) {
                // An incomplete VM (no record) may still run an agent: its settings name its IPs.
                var used: [String] = []
                if let record = try? root.read(VMRecord.self, .vms, other) {
                    used = [record.ip]
                } else if let directory = root.resource(.vms, other),
                    let settings = try? AgentSettingsDocument.load(path: Self.settingsPath(directory))
                {
                    used = (settings.json["networks"]?.objectValue ?? [:]).values.compactMap { $0["ip"]?.stringValue }
                }
                if let clash = used.first(where: networks.ips.contains) {
                    throw CPIResponseError.cloud("create_vm: IP '\(clash)' is already used by VM '\(other)'")
                }
            }
            guard let agentBinary = config.agentBinary ?? stemcell.agentBinary,
                FileManager.default.isExecutableFile(atPath: agentBinary)
            else {
                throw CPIResponseError.cloud(
                    "create_vm: no executable agent binary (config 'agent_binary' or the stemcell's local-agent)")
            }
            let mbusURL = try Self.mbusURL(config: config, environment: arguments.environment, ip: networks.primaryIP)

            let cid = root.newCID(.vms)
            guard let directory = root.resource(.vms, cid) else { throw LocalCPIError("invalid CID '\(cid)'") }
            var started: ProcessIdentity?
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
                let settings = AgentSettingsDocument(
                    agentID: arguments.agentID, vmCID: cid, vmDirectory: directory, mbusURL: mbusURL,
                    config: config, networks: arguments.networks, environment: arguments.environment)
                try settings.save(path: Self.settingsPath(directory))
                started = try Self.startAgent(agentBinary, directory: directory)
                let record = VMRecord(
                    cid: cid, agentID: arguments.agentID, stemcellCID: stemcellCID, ip: networks.primaryIP,
                    agentBinary: agentBinary, agent: started, cloudProperties: arguments.cloudProperties,
                    metadata: [:], createdAt: Self.now())
                try root.write(record, .vms, cid)
            } catch {
                let leftovers = AgentProcess.find(vmDirectory: directory) + (started.map { [$0] } ?? [])
                _ = await AgentProcess.stop(leftovers, grace: .seconds(config.agentStopTimeout))
                try? root.remove(.vms, cid)
                throw error
            }
            Self.log("created VM \(cid) at \(networks.primaryIP), agent pid \(started?.pid ?? 0)")
            return CreatedVM(cid: VMCID(cid), networks: arguments.networks)
        }
    }

    /// Stops the agent (SIGTERM to its process group, then SIGKILL), frees its disks and
    /// removes the VM directory; `VMNotFound` when there is no such VM.
    func handle(_ message: DeleteVMArguments) async throws {
        let cid = message.cid
        try await locked { config, root in
            guard root.exists(.vms, cid.rawValue), let directory = root.resource(.vms, cid.rawValue) else {
                throw CPIResponseError.vmNotFound(cid.rawValue)
            }
            let record = try? root.read(VMRecord.self, .vms, cid.rawValue)
            try await Self.stopAgents(of: directory, record: record, config: config)
            for diskCID in root.cids(.disks) {
                guard var disk = try? root.read(DiskRecord.self, .disks, diskCID), disk.attachedTo == cid.rawValue
                else { continue }
                disk.attachedTo = nil
                try root.write(disk, .disks, diskCID)
            }
            try root.remove(.vms, cid.rawValue)
            Self.log("deleted VM \(cid)")
        }
    }

    /// Whether the VM's directory exists (an incomplete VM counts: it still needs `delete_vm`).
    func handle(_ message: HasVMArguments) async throws -> Bool {
        try await locked { _, root in root.exists(.vms, message.cid.rawValue) }
    }

    /// Stops and starts the VM's agent again.
    func handle(_ message: RebootVMArguments) async throws {
        let cid = message.cid
        try await locked { config, root in
            var record = try Self.vmRecord(cid.rawValue, root)
            guard let directory = root.resource(.vms, cid.rawValue) else {
                throw CPIResponseError.vmNotFound(cid.rawValue)
            }
            try await Self.stopAgents(of: directory, record: record, config: config)
            record.agent = nil
            try root.write(record, .vms, cid.rawValue)
            record.agent = try Self.startAgent(record.agentBinary, directory: directory)
            try root.write(record, .vms, cid.rawValue)
            Self.log("rebooted VM \(cid), agent pid \(record.agent?.pid ?? 0)")
        }
    }

    /// Stores the metadata in the VM's record.
    func handle(_ message: SetVMMetadataArguments) async throws {
        try await setMetadata(message.metadata, of: VMRecord.self, message.cid.rawValue)
    }

    // MARK: Helpers

    /// The record of a VM: `VMNotFound` when absent, `CloudError` when incomplete.
    static func vmRecord(_ cid: String, _ root: CloudRoot) throws -> VMRecord {
        try record(VMRecord.self, cid, root)
    }

    static func settingsPath(_ vmDirectory: String) -> String { vmDirectory + "/settings.json" }

    static func startAgent(_ binary: String, directory: String) throws -> ProcessIdentity {
        try AgentProcess.start(
            executable: binary, arguments: ["--settings", settingsPath(directory), "--vm-dir", directory],
            logPath: directory + "/agent.log")
    }

    /// Stops the recorded agent and any other process running for this VM directory.
    static func stopAgents(of directory: String, record: VMRecord?, config: LocalCPIConfig) async throws {
        var processes = AgentProcess.find(vmDirectory: directory)
        if let recorded = record?.agent, !processes.contains(recorded) { processes.append(recorded) }
        guard await AgentProcess.stop(processes, grace: .seconds(config.agentStopTimeout)) else {
            let pids = processes.filter(\.isAlive).map { String($0.pid) }.joined(separator: ", ")
            throw CPIResponseError.cloud(
                "the agent of VM directory '\(directory)' (pid \(pids)) did not exit after SIGKILL")
        }
    }

    /// The mbus URL for the settings: the config's template at the VM's IP. Without one the
    /// VM's `env.bosh.mbus.urls` must say where the agent listens.
    static func mbusURL(config: LocalCPIConfig, environment: JSONValue, ip: String) throws -> String {
        if let template = config.mbus, !template.isEmpty {
            return AgentSettingsDocument.mbusURL(template: template, ip: ip)
        }
        if let url = environment["bosh"]?["mbus"]?["urls"]?.arrayValue?.first?.stringValue, !url.isEmpty {
            return url
        }
        throw CPIResponseError.cloud("create_vm: no mbus URL: set 'agent.mbus' in the CPI config or env.bosh.mbus.urls")
    }
}

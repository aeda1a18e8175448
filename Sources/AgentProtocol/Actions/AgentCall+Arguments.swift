import CPIProtocol
import DeployerSupport

/// The positional `arguments` array of each action, both ways: what the client sends and how
/// the agent reads it, side by side so the two cannot drift apart.
extension AgentCall {
    /// The request's `arguments` array, exactly as bosh-cli sends it.
    /// - Throws: `EncodingError` (not expected for these plain values).
    public func encodedArguments() throws -> [AgentJSON] {
        switch self {
        case .ping, .info, .start, .stop, .listDisk, .migrateDisk:
            return []
        case .getState(let full):
            return full ? ["full"] : []
        case .getTask(let id), .cancelTask(let id):
            return [.string(id.rawValue)]
        case .removePersistentDisk(let diskCID), .mountDisk(let diskCID), .unmountDisk(let diskCID):
            return [.string(diskCID.rawValue)]
        case .apply(let arguments): return arguments.encoded()
        case .drain(let arguments): return arguments.encoded()
        case .runScript(let arguments): return try arguments.encoded()
        case .compilePackage(let arguments): return try arguments.encoded()
        case .fetchLogs(let arguments): return arguments.encoded()
        case .addPersistentDisk(let arguments): return arguments.encoded()
        case .updateSettings(let arguments): return arguments.encoded()
        case .deleteARPEntries(let arguments): return try arguments.encoded()
        case .syncDNS(let arguments): return arguments.encoded()
        }
    }

    /// Reads the `arguments` of a request for `action` (agent side). Extra arguments are
    /// ignored and optional ones defaulted, as bosh-agent does.
    /// - Throws: `AgentArgumentError` with bosh-agent's text for missing or mistyped arguments.
    public init(action: AgentAction, arguments values: [AgentJSON]) throws {
        let arguments = PositionalArguments(values)
        switch action {
        case .ping: self = .ping
        case .info: self = .info
        case .start: self = .start
        case .stop: self = .stop
        case .listDisk: self = .listDisk
        case .migrateDisk: self = .migrateDisk
        // Anything but "full" asks for the plain state.
        case .getState: self = .getState(full: arguments.optional(0)?.stringValue == "full")
        case .getTask: self = .getTask(AgentTaskID(try arguments.string(0)))
        case .cancelTask: self = .cancelTask(AgentTaskID(try arguments.string(0)))
        case .removePersistentDisk: self = .removePersistentDisk(diskCID: DiskCID(try arguments.string(0)))
        case .mountDisk: self = .mountDisk(diskCID: DiskCID(try arguments.string(0)))
        case .unmountDisk: self = .unmountDisk(diskCID: DiskCID(try arguments.string(0)))
        case .apply: self = .apply(try ApplyArguments(decoding: arguments))
        case .drain: self = .drain(try DrainArguments(decoding: arguments))
        case .runScript: self = .runScript(try RunScriptArguments(decoding: arguments))
        case .compilePackage: self = .compilePackage(try CompilePackageArguments(decoding: arguments))
        case .fetchLogs: self = .fetchLogs(try FetchLogsArguments(decoding: arguments))
        case .addPersistentDisk: self = .addPersistentDisk(try AddPersistentDiskArguments(decoding: arguments))
        case .updateSettings: self = .updateSettings(try UpdateSettingsArguments(decoding: arguments))
        case .deleteARPEntries: self = .deleteARPEntries(try DeleteARPEntriesArguments(decoding: arguments))
        case .syncDNS: self = .syncDNS(try SyncDNSArguments(decoding: arguments))
        }
    }
}

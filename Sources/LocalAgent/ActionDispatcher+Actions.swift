import AgentProtocol
import CPIProtocol
import DeployerSupport
import Foundation

/// What each action does on the local VM; `ActionDispatcher.swift` handles the envelope.
extension ActionDispatcher {
    /// How `call` runs; its arguments are already checked.
    /// - Throws: `LocalAgentError` for arguments the action refuses (a drain type it does not
    ///   take, an unsafe script name).
    func prepare(_ call: AgentCall) throws -> Prepared {
        let context = self.context
        switch call {
        case .ping:
            return .now { "pong" }
        case .info:
            return .now { ["api_version": 1] }
        case .cancelTask:
            return .now { "canceled" }
        case .getTask(let id):
            return .taskStatus(id)
        case .getState(let full):
            return .now { try await StateReporter(context: context).state(full: full) }
        case .apply(let arguments):
            return .task {
                try await Applier(context: context).apply(arguments.spec)
                return "applied"
            }
        case .start:
            return .now {
                try await prefixingErrors("Starting jobs") { try await context.supervisor.start() }
                return "started"
            }
        case .stop:
            return .task {
                try await prefixingErrors("Stopping jobs") { try await context.supervisor.stop() }
                return "stopped"
            }
        case .drain(let arguments):
            switch arguments.type {
            case .status: throw LocalAgentError("Unexpected call with drain type 'status'")
            case .update where !arguments.hasNewSpec: throw LocalAgentError("Drain update requires new spec")
            case .update, .shutdown: break
            }
            let scriptArguments =
                arguments.type == .update ? ["job_changed", "hash_changed"] : ["job_shutdown", "hash_unchanged"]
            return .task {
                try await ScriptRunner(context: context).runAll(
                    script: "drain", arguments: scriptArguments, environment: [:], kind: "drain")
                return 0
            }
        case .runScript(let arguments):
            guard SafeRelativePath.isSafeComponent(arguments.name) else {
                throw LocalAgentError("Invalid script name '\(arguments.name)'")
            }
            return .task {
                try await ScriptRunner(context: context).runAll(
                    script: arguments.name, arguments: [], environment: arguments.options.env ?? [:], kind: "run-script"
                )
                return [:]
            }
        case .compilePackage(let arguments):
            return .task {
                let blob = try await prefixingErrors("Compiling package \(arguments.name)") {
                    try await PackageCompiler(context: context).compile(arguments)
                }
                return try AgentJSON(encoding: CompilePackageResult(result: blob))
            }
        case .fetchLogs(let arguments):
            return .task {
                let blob = try LogsArchiver(context: context).archive(
                    types: arguments.types, filters: arguments.filters)
                return try AgentJSON(encoding: blob)
            }
        case .listDisk:
            return .now { .array(await context.disks.mountedDiskCIDs().map { .string($0) }) }
        case .addPersistentDisk(let arguments):
            let cid = arguments.diskCID
            return .task {
                try await prefixingErrors("Adding persistent disk \(cid)") {
                    try await context.disks.add(cid.rawValue, hint: arguments.hint)
                }
                return [:]
            }
        case .removePersistentDisk(let cid):
            return .task {
                try await prefixingErrors("Removing persistent disk \(cid)") {
                    try await context.disks.remove(cid.rawValue)
                }
                return [:]
            }
        case .mountDisk(let cid):
            return .task {
                try await prefixingErrors("Mounting persistent disk \(cid)") {
                    try await context.disks.mount(cid.rawValue)
                }
                return [:]
            }
        case .unmountDisk(let cid):
            return .task {
                let message = try await prefixingErrors("Unmounting persistent disk \(cid)") {
                    try await context.disks.unmount(cid.rawValue)
                }
                return ["message": .string(message)]
            }
        case .migrateDisk:
            return .task {
                try await prefixingErrors("Migrating persistent disk") { try await context.disks.migrate() }
                return [:]
            }
        case .updateSettings(let arguments):
            // Persisted and applied at the next start (the real agent restarts itself when
            // mbus or blobstores change; the local agent is restarted by its CPI instead).
            return .task {
                try prefixingErrors("Persisting settings") {
                    let data = try JSONEncoder().encode(arguments.settings)
                    try AtomicFile.write(data, to: context.layout.updateSettingsFile)
                }
                return "ok"
            }
        case .deleteARPEntries:
            // The local cloud has no ARP cache to clean.
            return .now { [:] }
        case .syncDNS:
            // Nothing resolves names on a local VM; accepted so callers do not fail.
            return .now { "synced" }
        }
    }
}

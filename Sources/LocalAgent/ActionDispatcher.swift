import AgentClient
import DeployerSupport
import Foundation
import Logging

/// Answers `POST /agent`: decodes the request, runs the action (directly, or as a task for the
/// async ones) and encodes `{"value": ...}` or `{"exception": {"message": ...}}` with the real
/// agent's texts (spec agent.md §3–§4, §8).
struct ActionDispatcher: Sendable {
    let context: AgentContext

    /// How an action runs once its arguments are parsed.
    enum Prepared: Sendable {
        /// Synchronous: the value is the answer.
        case now(@Sendable () async throws -> AgentJSON)
        /// Async: answered with a task handle, the value comes from `get_task`.
        case task(@Sendable () async throws -> AgentJSON)
    }

    /// An HTTP answer to the RPC.
    struct Reply: Sendable {
        var status: Int
        var body: Data
    }

    /// Handles one request body.
    func handle(body: Data) async -> Reply {
        let request: RPCRequest
        do {
            request = try JSONDecoder().decode(RPCRequest.self, from: body)
        } catch {
            context.logger.warning("rejected a request body that is not an agent request")
            return Reply(status: 500, body: Data("Unmarshalling JSON payload: invalid request\n".utf8))
        }
        let response = await respond(to: request)
        let data = (try? JSONEncoder().encode(response)) ?? Data(#"{"exception":{"message":"encoding the response"}}"#.utf8)
        return Reply(status: 200, body: data)
    }

    func respond(to request: RPCRequest) async -> RPCResponse {
        let method = request.method
        let arguments = ActionArguments(values: request.arguments)
        if method == "get_task" { return await getTask(arguments) }
        let start = ContinuousClock.now
        // The test switch of docs/local-cloud.md ("Injecting faults"); no plan file, no effect.
        let injected = await AgentFaultInjector(layout: context.layout).fault(for: method, context: context)
        do {
            guard var prepared = try prepare(method, arguments) else {
                context.logger.info("unknown message \(method)")
                return .exception(message: "unknown message \(method)")
            }
            if let injected {
                switch prepared {
                case .now: prepared = .now { throw injected }
                case .task: prepared = .task { throw injected }
                }
            }
            switch prepared {
            case .now(let work):
                let value = try await work()
                if method != "get_state" && method != "ping" {
                    context.logger.info("action \(method) done in \(ContinuousClock.now - start)")
                }
                return .value(value)
            case .task(let work):
                let logger = context.logger
                let id = await context.tasks.submit {
                    let taskStart = ContinuousClock.now
                    do {
                        let value = try await work()
                        logger.info("task \(method) done in \(ContinuousClock.now - taskStart)")
                        return value
                    } catch {
                        logger.error("task \(method) failed: \(error)")
                        throw error
                    }
                }
                context.logger.info("action \(method) started as task \(id)")
                return .value(try AgentJSON(encoding: AgentTaskHandle(agentTaskID: id)))
            }
        } catch {
            context.logger.error("action \(method) failed: \(error)")
            return .exception(message: "Action Failed \(method): \(error)")
        }
    }

    private func getTask(_ arguments: ActionArguments) async -> RPCResponse {
        let id: String
        do {
            id = try arguments.string(0)
        } catch {
            return .exception(message: "Action Failed get_task: \(error)")
        }
        switch await context.tasks.status(of: id) {
        case nil:
            return .exception(message: "Action Failed get_task: Task with id \(id) could not be found")
        case .running:
            return .value(["agent_task_id": .string(id), "state": "running"])
        case .done(let value):
            return .value(value)
        case .failed(let message):
            return .exception(message: "Action Failed get_task: Task \(id) result: \(message)")
        }
    }

    /// Parses the arguments of `method`; `nil` for an unknown method.
    /// - Throws: `LocalAgentError` for missing or mistyped arguments.
    func prepare(_ method: String, _ arguments: ActionArguments) throws -> Prepared? {
        let context = self.context
        switch method {
        case "ping":
            return .now { "pong" }
        case "info":
            return .now { ["api_version": 1] }
        case "cancel_task":
            _ = try arguments.string(0)
            return .now { "canceled" }
        case "get_state":
            let full = (try? arguments.string(0)) == "full"
            return .now { try await StateReporter(context: context).state(full: full) }
        case "apply":
            try arguments.require(1)
            let spec = arguments.values[0]
            guard spec.objectValue != nil else {
                throw LocalAgentError(
                    "Extracting method arguments from payload: Unmarshalling action argument: the apply spec is not an object")
            }
            return .task {
                try await Applier(context: context).apply(spec)
                return "applied"
            }
        case "start":
            return .now {
                try await prefixingErrors("Starting jobs") { try await context.supervisor.start() }
                return "started"
            }
        case "stop":
            return .task {
                try await prefixingErrors("Stopping jobs") { try await context.supervisor.stop() }
                return "stopped"
            }
        case "drain":
            let type = try arguments.string(0)
            let hasSpec = arguments.values.count > 1 && arguments.values[1] != .null
            switch type {
            case "status": throw LocalAgentError("Unexpected call with drain type 'status'")
            case "update" where !hasSpec: throw LocalAgentError("Drain update requires new spec")
            case "update", "shutdown": break
            default: throw LocalAgentError("Invalid drain type '\(type)'")
            }
            return .task {
                let scriptArguments = type == "update" ? ["job_changed", "hash_changed"] : ["job_shutdown", "hash_unchanged"]
                try await ScriptRunner(context: context).runAll(
                    script: "drain", arguments: scriptArguments, environment: [:], kind: "drain")
                return 0
            }
        case "run_script":
            let name = try arguments.string(0)
            let options = arguments.values.count > 1 ? (try? arguments.decode(1, as: RunScriptOptions.self)) : nil
            guard SafeRelativePath.isSafeComponent(name) else {
                throw LocalAgentError("Invalid script name '\(name)'")
            }
            return .task {
                try await ScriptRunner(context: context).runAll(
                    script: name, arguments: [], environment: options?.env ?? [:], kind: "run-script")
                return [:]
            }
        case "compile_package":
            let parsed: CompilePackageArguments
            do {
                parsed = try CompilePackageArguments(rpcArguments: arguments.values)
            } catch {
                try arguments.require(5)
                throw LocalAgentError(
                    "Extracting method arguments from payload: Unmarshalling action argument: \(Self.shortDescription(error))")
            }
            return .task {
                let blob = try await prefixingErrors("Compiling package \(parsed.name)") {
                    try await PackageCompiler(context: context).compile(parsed)
                }
                return try AgentJSON(encoding: CompilePackageResult(result: blob))
            }
        case "fetch_logs":
            let types = try arguments.string(0)
            let filters = arguments.values.count > 1 ? (arguments.values[1].arrayValue ?? []).compactMap(\.stringValue) : []
            return .task {
                let blob = try LogsArchiver(context: context).archive(types: types, filters: filters)
                return ["blobstore_id": .string(blob.blobstoreID), "sha1": .string(blob.sha1)]
            }
        case "list_disk":
            return .now { .array(await context.disks.mountedDiskCIDs().map { .string($0) }) }
        case "add_persistent_disk":
            let cid = try arguments.string(0)
            try arguments.require(2)
            let hint = arguments.values[1]
            return .task {
                try await prefixingErrors("Adding persistent disk \(cid)") { try await context.disks.add(cid, hint: hint) }
                return [:]
            }
        case "remove_persistent_disk":
            let cid = try arguments.string(0)
            return .task {
                try await prefixingErrors("Removing persistent disk \(cid)") { try await context.disks.remove(cid) }
                return [:]
            }
        case "mount_disk":
            let cid = try arguments.string(0)
            return .task {
                try await prefixingErrors("Mounting persistent disk \(cid)") { try await context.disks.mount(cid) }
                return [:]
            }
        case "unmount_disk":
            let cid = try arguments.string(0)
            return .task {
                let message = try await prefixingErrors("Unmounting persistent disk \(cid)") {
                    try await context.disks.unmount(cid)
                }
                return ["message": .string(message)]
            }
        case "migrate_disk":
            return .task {
                try await prefixingErrors("Migrating persistent disk") { try await context.disks.migrate() }
                return [:]
            }
        case "update_settings":
            try arguments.require(1)
            let update = arguments.values[0]
            // Persisted and applied at the next start (the real agent restarts itself when
            // mbus or blobstores change; the local agent is restarted by its CPI instead).
            return .task {
                try prefixingErrors("Persisting settings") {
                    let data = try JSONEncoder().encode(update)
                    try AtomicFile.write(data, to: context.layout.updateSettingsFile)
                }
                return "ok"
            }
        case "delete_arp_entries":
            _ = try arguments.decode(0, as: DeleteARPEntriesArguments.self)
            // The local cloud has no ARP cache to clean.
            return .now { [:] }
        case "sync_dns":
            _ = try arguments.string(0)
            _ = try arguments.string(1)
            _ = try arguments.decode(2, as: UInt64.self)
            // Nothing resolves names on a local VM; accepted so callers do not fail.
            return .now { "synced" }
        default:
            return nil
        }
    }

    private static func shortDescription(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        if case DecodingError.typeMismatch(_, let context) = error { return "type mismatch at \(context.codingPath.map(\.stringValue))" }
        return "wrong argument types"
    }
}

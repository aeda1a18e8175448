import AgentProtocol
import CPIProtocol
import DeployerSupport
import Foundation

/// `Agent` over the HTTPS mbus: JSON RPC on `POST <mbus>/agent` (spec agent.md §3), with
/// `get_task` polling for async actions (§4) and bosh-cli's retry rules (§5).
public struct MbusAgentClient: Agent {
    /// The mbus URL, parsed; its `redacted` form names the agent in errors.
    public let endpoint: MbusEndpoint
    /// Sent as `reply_to`; bosh-cli sends the state file's `director_id`.
    public let replyTo: String
    /// Poll intervals, retry counts and timeouts.
    public let timing: AgentTiming
    private let transport: any HTTPTransport
    private let interceptor: any CallInterceptor
    private let agentURL: URL

    /// - Parameters:
    ///   - url: `cloud_provider.mbus`, e.g. `https://mbus:<password>@10.0.0.6:6868`.
    ///   - replyTo: the `reply_to` value (ignored by the agent over HTTPS).
    ///   - transport: `CurlTransport` in production, a closure in tests.
    ///   - timing: poll intervals and retry counts.
    ///   - interceptor: sees each action as one call `agent <action>` (its retries, pings or
    ///     `get_task` polls included).
    /// - Throws: `AgentError` when `url` is not an http(s) URL with a host.
    public init(
        url: URL, replyTo: String, transport: any HTTPTransport, timing: AgentTiming = AgentTiming(),
        interceptor: any CallInterceptor = PassThroughInterceptor()
    ) throws {
        endpoint = try MbusEndpoint(url: url)
        self.replyTo = replyTo
        self.transport = transport
        self.timing = timing
        self.interceptor = interceptor
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            throw AgentError(
                endpoint: endpoint.redacted, operation: "parsing the mbus URL",
                reason: .cannotConnect(detail: "not a URL"))
        }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        components.percentEncodedPath = path + "/agent"
        components.query = nil
        components.fragment = nil
        guard let agentURL = components.url else {
            throw AgentError(
                endpoint: endpoint.redacted, operation: "parsing the mbus URL",
                reason: .cannotConnect(detail: "cannot append /agent"))
        }
        self.agentURL = agentURL
    }

    /// A client over libcurl trusting only `caPEM` (the manifest's `cloud_provider.cert.ca`).
    /// - Throws: `AgentError` when `url` is not an http(s) URL with a host.
    public init(url: URL, caPEM: String, replyTo: String, timing: AgentTiming = AgentTiming()) throws {
        try self.init(url: url, replyTo: replyTo, transport: CurlTransport(caPEM: caPEM), timing: timing)
    }

    // MARK: Actions

    public func ping() async throws -> String {
        let value = try await call(.ping)
        guard let text = value.stringValue else { throw unexpected(.ping, value) }
        return text
    }

    public func getState() async throws -> AgentState {
        try await interceptor.intercept(Self.callName(.getState(full: false))) { try await getStateRetrying() }
    }

    private func getStateRetrying() async throws -> AgentState {
        var attempt = 1
        var value: AgentJSON
        while true {
            do {
                value = try await exchange(.getState(full: false))
                break
            } catch let error as AgentError {
                if attempt >= timing.getStateAttempts { throw error }
                attempt += 1
                try await Task.sleep(for: timing.getStateRetryDelay)
            }
        }
        guard let state = try? value.decode(AgentState.self) else { throw unexpected(.getState, value) }
        return state
    }

    public func apply(_ spec: ApplySpec) async throws {
        _ = try await callTask(.apply(try ApplyArguments(spec)))
    }

    public func start() async throws {
        let value = try await call(.start)
        guard value.stringValue == "started" else {
            throw AgentError(
                endpoint: endpoint.redacted, operation: "sending '\(AgentAction.start)'",
                reason: .invalidResponse(detail: "failed to start agent services with response: \(excerpt(value))"))
        }
    }

    public func stop() async throws {
        _ = try await callTask(.stop)
    }

    public func drain(_ type: DrainType) async throws -> Int64 {
        try await interceptor.intercept(Self.callName(.drain(DrainArguments(type: type)))) {
            try await drainWaiting(type)
        }
    }

    private func drainWaiting(_ type: DrainType) async throws -> Int64 {
        var wait = try await drainOnce(type)
        // A negative answer means "ask again after |n| s" (dynamic drain); a positive one
        // means "wait n s, then proceed". The agent answers 0 in practice.
        while wait < 0 {
            try await Task.sleep(for: .seconds(-wait))
            wait = try await drainOnce(.status)
        }
        if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
        return Int64(wait)
    }

    /// Like bosh-cli's agent client, an `unknown message` answer (stemcells whose agent
    /// predates `run_script`) is ignored.
    public func runScript(_ name: String, options: RunScriptOptions) async throws {
        do {
            _ = try await callTask(.runScript(RunScriptArguments(name: name, options: options)))
        } catch let error as AgentError where error.isUnknownMessage {
            return
        }
    }

    public func mountDisk(_ diskCID: DiskCID) async throws {
        _ = try await callTask(.mountDisk(diskCID: diskCID))
    }

    public func unmountDisk(_ diskCID: DiskCID) async throws {
        _ = try await callTask(.unmountDisk(diskCID: diskCID))
    }

    public func addPersistentDisk(_ diskCID: DiskCID, hint: AgentJSON) async throws {
        _ = try await callTask(.addPersistentDisk(AddPersistentDiskArguments(diskCID: diskCID, hint: hint)))
    }

    public func removePersistentDisk(_ diskCID: DiskCID) async throws {
        _ = try await callTask(.removePersistentDisk(diskCID: diskCID))
    }

    public func migrateDisk() async throws {
        _ = try await callTask(.migrateDisk)
    }

    public func listDisk() async throws -> [DiskCID] {
        let value = try await call(.listDisk)
        if case .null = value { return [] }
        guard let disks = try? value.decode([DiskCID].self) else { throw unexpected(.listDisk, value) }
        return disks
    }

    public func compilePackage(_ arguments: CompilePackageArguments) async throws -> BlobReference {
        let value = try await callTask(.compilePackage(arguments))
        guard let result = value["result"], result["sha1"]?.stringValue != nil,
            result["blobstore_id"]?.stringValue != nil,
            let decoded = try? value.decode(CompilePackageResult.self)
        else {
            throw AgentError(
                endpoint: endpoint.redacted, operation: "sending '\(AgentAction.compilePackage)'",
                reason: .invalidResponse(
                    detail: "unable to parse '\(AgentAction.compilePackage)' response from the agent: \(excerpt(value))"
                ))
        }
        return decoded.result
    }

    public func fetchLogs(types: String, filters: [String]) async throws -> BlobReference {
        let value = try await callTask(.fetchLogs(FetchLogsArguments(types: types, filters: filters)))
        guard let id = value["blobstore_id"]?.stringValue, let digest = value["sha1"]?.stringValue else {
            throw AgentError(
                endpoint: endpoint.redacted, operation: "sending '\(AgentAction.fetchLogs)'",
                reason: .invalidResponse(
                    detail: "unable to parse '\(AgentAction.fetchLogs)' response from the agent: \(excerpt(value))"))
        }
        return BlobReference(blobstoreID: BlobID(id), sha1: digest)
    }

    public func updateSettings(_ settings: SettingsUpdate) async throws {
        _ = try await callTask(.updateSettings(try UpdateSettingsArguments(settings)))
    }

    public func deleteARPEntries(ips: [String]) async throws {
        _ = try await call(.deleteARPEntries(DeleteARPEntriesArguments(ips: ips)))
    }

    public func syncDNS(blobID: BlobID, digest: String, version: UInt64) async throws -> String {
        let value = try await call(.syncDNS(SyncDNSArguments(blobID: blobID, digest: digest, version: version)))
        guard let text = value.stringValue else { throw unexpected(.syncDNS, value) }
        return text
    }

    public func waitUntilReady(timeout: Duration) async throws {
        try await interceptor.intercept("agent wait_until_ready") { try await pingUntilReady(timeout: timeout) }
    }

    private func pingUntilReady(timeout: Duration) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let remaining = clock.now.duration(to: deadline)
            let attemptTimeout = max(.milliseconds(100), min(timing.pingAttemptTimeout, remaining))
            do {
                _ = try await exchange(.ping, timeout: attemptTimeout)
                return
            } catch let error as AgentError {
                // bosh-cli's timeout strategy: give up when the next attempt would start
                // after the deadline.
                if error.isFatalForReadiness || clock.now.advanced(by: timing.pingInterval) > deadline {
                    var failure = error.with(operation: "waiting for the agent to be ready (\(timeout) allowed)")
                    failure.endedWaitForReadiness = !error.isFatalForReadiness
                    throw failure
                }
            }
            try await Task.sleep(for: timing.pingInterval)
        }
    }

    // MARK: RPC

    /// The interceptor's name of an action: `agent <action>`, and the script's name for
    /// `run_script` (`agent run_script pre-start`).
    static func callName(_ request: AgentCall) -> String {
        if case .runScript(let arguments) = request { return "agent \(request.action) \(arguments.name)" }
        return "agent \(request.action)"
    }

    /// Sends one request as one call of the interceptor and returns its `value`.
    /// - Throws: `AgentError` for transport errors, non-200 statuses, bad JSON and exceptions.
    func call(_ request: AgentCall, timeout: Duration? = nil) async throws -> AgentJSON {
        try await interceptor.intercept(Self.callName(request)) { try await exchange(request, timeout: timeout) }
    }

    /// Sends one request and returns its `value`.
    /// - Throws: `AgentError` for transport errors, non-200 statuses, bad JSON and exceptions.
    private func exchange(_ request: AgentCall, timeout: Duration? = nil) async throws -> AgentJSON {
        let operation = "sending '\(request.action)'"
        let body: Data
        do {
            body = try JSONEncoder().encode(RPCRequest(request, replyTo: replyTo))
        } catch {
            throw AgentError(
                endpoint: endpoint.redacted, operation: operation,
                reason: .invalidResponse(detail: "cannot encode the request: \(error)"))
        }
        let request = HTTPRequest(
            method: "POST", url: agentURL, headers: ["Content-Type": "application/json"], body: body, timeout: timeout)
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch let error as AgentError {
            throw AgentError(endpoint: endpoint.redacted, operation: operation, reason: error.reason)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw AgentError(
                endpoint: endpoint.redacted, operation: operation,
                reason: .cannotConnect(detail: endpoint.scrub(String(describing: error))))
        }
        guard response.statusCode == 200 else {
            let reason: AgentError.Reason =
                response.statusCode == 401
                ? .unauthorized
                : .httpStatus(code: response.statusCode, body: endpoint.scrub(Self.excerpt(response.body)))
            throw AgentError(endpoint: endpoint.redacted, operation: operation, reason: reason)
        }
        let decoded: RPCResponse
        do {
            decoded = try JSONDecoder().decode(RPCResponse.self, from: response.body)
        } catch {
            throw AgentError(
                endpoint: endpoint.redacted, operation: operation,
                reason: .invalidResponse(
                    detail: "not an agent response: \(endpoint.scrub(Self.excerpt(response.body)))"))
        }
        switch decoded {
        case .value(let value):
            return value
        case .exception(let message):
            throw AgentError(
                endpoint: endpoint.redacted, operation: operation,
                reason: .agentException(message: endpoint.scrub(message)))
        }
    }

    /// Sends an async action and polls `get_task` until the task is no longer running.
    ///
    /// Like bosh-cli, the first request is not retried, polls run without an overall limit,
    /// and up to `toleratedTaskErrors` consecutive transport or
    /// HTTP failures of `get_task` are tolerated. Unlike bosh-cli, an `exception` answer
    /// from `get_task` (the task failed) is reported at once instead of after ten more polls,
    /// and polls start after `firstTaskPollInterval` and back off to `taskPollInterval`
    /// instead of waiting a whole second each time.
    /// - Returns: the task's final value.
    /// - Throws: `AgentError`.
    func callTask(_ request: AgentCall) async throws -> AgentJSON {
        try await interceptor.intercept(Self.callName(request)) { try await followTask(request) }
    }

    private func followTask(_ request: AgentCall) async throws -> AgentJSON {
        let action = request.action
        let first = try await exchange(request)
        // An agent that runs the action synchronously answers with the final value.
        guard let taskID = first["agent_task_id"] else { return first }
        guard let taskIDText = taskID.stringValue else { throw unexpected(action, first) }
        var consecutiveErrors = 0
        var polls = 0
        while true {
            do {
                let value = try await exchange(.getTask(AgentTaskID(taskIDText)))
                consecutiveErrors = 0
                guard let handle = value.objectValue, handle["agent_task_id"] != nil else { return value }
                guard let state = handle["state"]?.stringValue else {
                    throw AgentError(
                        endpoint: endpoint.redacted, operation: "polling task \(taskIDText) of '\(action)'",
                        reason: .invalidResponse(detail: "failed to parse task state from \(excerpt(value))"))
                }
                if state != AgentTaskHandle.running { return value }
            } catch let error as AgentError {
                let failed = error.with(operation: "polling task \(taskIDText) of '\(action)' (\(AgentAction.getTask))")
                guard Self.isTransient(error) else { throw failed }
                consecutiveErrors += 1
                if consecutiveErrors > timing.toleratedTaskErrors { throw failed }
            }
            try await Task.sleep(for: timing.taskPollDelay(afterPoll: polls))
            polls += 1
        }
    }

    private func drainOnce(_ type: DrainType) async throws -> Int64 {
        let value = try await followTask(.drain(DrainArguments(type: type)))
        guard let wait = value.intValue else { throw unexpected(.drain, value) }
        return Int64(wait)
    }

    /// Failures worth another `get_task`: no response or a non-200 status.
    private static func isTransient(_ error: AgentError) -> Bool {
        switch error.reason {
        case .connectionRefused, .cannotConnect, .timedOut, .tlsHandshakeFailed, .transport, .httpStatus:
            return true
        default:
            return false
        }
    }

    private func unexpected(_ action: AgentAction, _ value: AgentJSON) -> AgentError {
        AgentError(
            endpoint: endpoint.redacted, operation: "sending '\(action)'",
            reason: .invalidResponse(detail: "unexpected value \(excerpt(value))"))
    }

    private func excerpt(_ value: AgentJSON) -> String {
        let data = (try? JSONEncoder().encode(value)) ?? Data()
        return endpoint.scrub(Self.excerpt(data))
    }

    static func excerpt(_ data: Data, limit: Int = 300) -> String {
        let text = String(decoding: data.prefix(limit), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ")
        return data.count > limit ? text + "..." : text
    }
}

import AgentProtocol
import DeployerSupport
import Foundation
import Synchronization
import Testing

@testable import AgentClient

/// The RPC layer over a closure transport: envelopes, task polling, retries, errors.
@Suite struct MbusAgentClientTests {
    static let fast = AgentTiming(
        taskPollInterval: .milliseconds(5), toleratedTaskErrors: 3, pingInterval: .milliseconds(20),
        pingAttemptTimeout: .seconds(1), getStateAttempts: 3, getStateRetryDelay: .milliseconds(5))
    static let url = URL(string: "https://mbus:pa55word0123456789ab@10.0.0.6:6868")!

    /// A transport answering from a list of scripted steps, recording requests.
    final class Script: Sendable {
        enum Step: Sendable {
            case json(String)
            case status(Int)
            case refused
        }

        private let state: Mutex<(steps: [Step], seen: [RPCRequest], urls: [URL])>

        init(_ steps: [Step]) {
            state = Mutex((steps, [], []))
        }

        var seen: [RPCRequest] { state.withLock { $0.seen } }
        var urls: [URL] { state.withLock { $0.urls } }

        var transport: ClosureTransport {
            ClosureTransport { request in
                let rpc = try JSONDecoder().decode(RPCRequest.self, from: request.body ?? Data())
                let step: Step = self.state.withLock { state in
                    state.seen.append(rpc)
                    state.urls.append(request.url)
                    return state.steps.isEmpty ? .status(599) : state.steps.removeFirst()
                }
                switch step {
                case .json(let text): return HTTPResponse(statusCode: 200, body: Data(text.utf8))
                case .status(let code): return HTTPResponse(statusCode: code, body: Data("oops".utf8))
                case .refused:
                    throw AgentError(
                        endpoint: "x", operation: "POST /agent", reason: .connectionRefused(detail: "curl 7"))
                }
            }
        }

        func client() throws -> MbusAgentClient {
            try MbusAgentClient(
                url: MbusAgentClientTests.url, replyTo: "director-uuid", transport: transport,
                timing: MbusAgentClientTests.fast)
        }
    }

    @Test func syncActionSendsTheEnvelopeToSlashAgent() async throws {
        let script = Script([.json(#"{"value":"pong"}"#), .json(#"{"value":["vol-1","vol-2"]}"#)])
        let client = try script.client()
        #expect(try await client.ping() == "pong")
        #expect(try await client.listDisk() == ["vol-1", "vol-2"])
        #expect(script.seen.map(\.method) == ["ping", "list_disk"])
        #expect(
            script.seen.allSatisfy {
                $0.arguments.isEmpty && $0.replyTo == "director-uuid" && $0.protocolVersion == nil
            })
        #expect(script.urls.first?.absoluteString == "https://mbus:pa55word0123456789ab@10.0.0.6:6868/agent")
    }

    @Test func asyncActionPollsGetTaskUntilDone() async throws {
        let script = Script([
            .json(#"{"value":{"agent_task_id":"t-1","state":"running"}}"#),
            .json(#"{"value":{"agent_task_id":"t-1","state":"running"}}"#),
            .json(#"{"value":{"agent_task_id":"t-1","state":"running"}}"#),
            .json(#"{"value":"applied"}"#),
        ])
        let spec = ApplySpec(deployment: "d", name: "bosh", networks: [:], job: JobSpec(name: "bosh"))
        try await script.client().apply(spec)
        #expect(script.seen.map(\.method) == ["apply", "get_task", "get_task", "get_task"])
        #expect(script.seen[1].arguments == ["t-1"])
        #expect(script.seen[0].arguments.first?["configuration_hash"] == "unused-configuration-hash")
    }

    /// Polls start short and double up to `taskPollInterval`: most tasks end within a
    /// second, and bosh-cli's flat 1 s made each of them last at least that long.
    @Test func taskPollsBackOffFromAShortFirstDelay() {
        let timing = AgentTiming(taskPollInterval: .seconds(1), firstTaskPollInterval: .milliseconds(50))
        let delays = (0..<7).map { timing.taskPollDelay(afterPoll: $0) }
        #expect(delays == [50, 100, 200, 400, 800, 1000, 1000].map { Duration.milliseconds($0) })
        let clamped = AgentTiming(taskPollInterval: .milliseconds(10), firstTaskPollInterval: .seconds(1))
        #expect(clamped.taskPollDelay(afterPoll: 0) == .milliseconds(10))
        #expect(AgentTiming().taskPollDelay(afterPoll: 0) == .milliseconds(50))
    }

    @Test func taskFailureBecomesAnAgentError() async throws {
        let script = Script([
            .json(#"{"value":{"agent_task_id":"t-9","state":"running"}}"#),
            .json(#"{"exception":{"message":"Action Failed get_task: Task t-9 result: Compiling package x: boom"}}"#),
        ])
        let error = await #expect(throws: AgentError.self) {
            _ = try await script.client().compilePackage(
                CompilePackageArguments(blobID: "b", digest: "d", name: "x", version: "v"))
        }
        let agentError = try #require(error)
        #expect(
            agentError.reason
                == .agentException(message: "Action Failed get_task: Task t-9 result: Compiling package x: boom"))
        #expect(agentError.description.contains("compile_package"))
        #expect(agentError.description.contains("mbus:<redacted>@10.0.0.6:6868"))
        #expect(!agentError.description.contains("pa55word0123456789ab"))
        #expect(script.seen.count == 2)
    }

    @Test func transientPollErrorsAreToleratedUpToTheLimit() async throws {
        let tolerated = Script([
            .json(#"{"value":{"agent_task_id":"t","state":"running"}}"#),
            .refused, .status(500), .refused,
            .json(#"{"value":{"agent_task_id":"t","state":"running"}}"#),
            .status(502), .refused, .status(503),
            .json(#"{"value":{}}"#),
        ])
        try await tolerated.client().mountDisk("vol-1")
        #expect(tolerated.seen.count == 9)

        let tooMany = Script([
            .json(#"{"value":{"agent_task_id":"t","state":"running"}}"#),
            .refused, .refused, .refused, .refused,
        ])
        let error = await #expect(throws: AgentError.self) { try await tooMany.client().unmountDisk("vol-1") }
        guard case .connectionRefused = try #require(error).reason else {
            Issue.record("expected the last poll error")
            return
        }
        #expect(tooMany.seen.count == 5)
    }

    @Test func theFirstRequestOfAnAsyncActionIsNotRetried() async throws {
        let script = Script([.status(500), .json(#"{"value":"stopped"}"#)])
        let error = await #expect(throws: AgentError.self) { try await script.client().stop() }
        #expect(try #require(error).reason == .httpStatus(code: 500, body: "oops"))
        #expect(script.seen.count == 1)
    }

    @Test func compilePackageSendsPositionalArgumentsAndParsesTheResult() async throws {
        let script = Script([
            .json(#"{"value":{"agent_task_id":"c","state":"running"}}"#),
            .json(#"{"value":{"result":{"blobstore_id":"blob-9","sha1":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4"}}}"#),
        ])
        let dependency = PackageReference(name: "libpq", version: "fp2", sha1: "abc", blobstoreID: "b2")
        let sent = CompilePackageArguments(
            blobID: "src-1", digest: "sha256:aa", name: "postgres", version: "fp1", dependencies: ["libpq": dependency])
        let result = try await script.client().compilePackage(sent)
        #expect(result == BlobReference(blobstoreID: "blob-9", sha1: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4"))
        let arguments = try #require(script.seen.first?.arguments)
        #expect(arguments.count == 5)
        #expect(Array(arguments.prefix(4)) == ["src-1", "sha256:aa", "postgres", "fp1"])
        #expect(arguments[4] == ["libpq": ["name": "libpq", "version": "fp2", "sha1": "abc", "blobstore_id": "b2"]])
        #expect(try AgentCall(action: .compilePackage, arguments: arguments) == .compilePackage(sent))
    }

    @Test func compilePackageWithoutAResultIsAnError() async throws {
        let script = Script([.json(#"{"value":{"agent_task_id":"c","state":"running"}}"#), .json(#"{"value":{}}"#)])
        let error = await #expect(throws: AgentError.self) {
            _ = try await script.client().compilePackage(
                CompilePackageArguments(blobID: "b", digest: "d", name: "x", version: "v"))
        }
        #expect(try #require(error).description.contains("unable to parse 'compile_package' response"))
    }

    @Test func getStateIsRetriedAndDecoded() async throws {
        let script = Script([
            .refused, .status(500),
            .json(
                #"""
                {"value":{"agent_id":"a1","job_state":"running","deployment":"bosh","index":0,"id":"0",
                 "networks":{"default":{"type":"manual","ip":"10.0.0.6","netmask":"255.255.255.0","gateway":"10.0.0.1","default":["dns","gateway"],"cloud_properties":{}}},
                 "resource_pool":{},"persistent_disk":0,
                 "processes":[{"name":"nats","state":"running","uptime":{"secs":42},"mem":{"kb":10240,"percent":0.5},"cpu":{"total":0.1}}],
                 "job":{"name":"bosh","release":"","template":"","version":"","templates":[{"name":"nats","version":"0c1d"}]},
                 "vm":{"name":"vm-1234"}}}
                """#),
        ])
        let state = try await script.client().getState()
        #expect(state.jobState == "running")
        #expect(state.networks["default"]?.ip == "10.0.0.6")
        #expect(state.processes?.first?.name == "nats")
        #expect(state.job?.templates.first == PackageReference(name: "nats", version: "0c1d"))
        #expect(state.vm?["name"] == "vm-1234")

        let failing = Script([.refused, .refused, .refused, .json(#"{"value":{"job_state":"running"}}"#)])
        await #expect(throws: AgentError.self) { _ = try await failing.client().getState() }
        #expect(failing.seen.count == 3)
    }

    @Test func startRequiresStarted() async throws {
        let ok = Script([.json(#"{"value":"started"}"#)])
        try await ok.client().start()
        let bad = Script([.json(#"{"value":"nope"}"#)])
        let error = await #expect(throws: AgentError.self) { try await bad.client().start() }
        #expect(try #require(error).description.contains("failed to start agent services"))
    }

    @Test func drainAndRunScriptSendBoshCLIArguments() async throws {
        let script = Script([
            .json(#"{"value":{"agent_task_id":"r","state":"running"}}"#), .json(#"{"value":{}}"#),
            .json(#"{"value":{"agent_task_id":"d","state":"running"}}"#), .json(#"{"value":0}"#),
        ])
        let client = try script.client()
        try await client.runScript("pre-stop")
        #expect(try await client.drain(.shutdown) == 0)
        #expect(script.seen[0].arguments == ["pre-stop", [:]])
        #expect(script.seen[2].arguments == ["shutdown", [:]])
    }

    @Test func unknownMessageIsRecognisable() async throws {
        let script = Script([.json(#"{"exception":{"message":"unknown message add_persistent_disk"}}"#)])
        let error = await #expect(throws: AgentError.self) {
            try await script.client().addPersistentDisk("vol-1", hint: ["path": "/dev/sdc"])
        }
        #expect(try #require(error).isUnknownMessage)
        #expect(script.seen.first?.arguments == ["vol-1", ["path": "/dev/sdc"]])
    }

    @Test func runScriptIgnoresUnknownMessageLikeBoshCLI() async throws {
        let script = Script([.json(#"{"exception":{"message":"unknown message run_script"}}"#)])
        try await script.client().runScript("post-start")
        #expect(script.seen.map(\.method) == ["run_script"])
    }

    @Test func garbageIsAnInvalidResponse() async throws {
        let script = Script([.json("<html>")])
        let error = await #expect(throws: AgentError.self) { _ = try await script.client().ping() }
        guard case .invalidResponse = try #require(error).reason else {
            Issue.record("expected invalidResponse")
            return
        }
    }

    @Test func waitUntilReadyGivesUpAfterTheTimeout() async throws {
        let script = Script(Array(repeating: .refused, count: 100))
        let error = await #expect(throws: AgentError.self) {
            try await script.client().waitUntilReady(timeout: .milliseconds(200))
        }
        #expect(try #require(error).description.contains("waiting for the agent to be ready"))
        #expect(error?.endedWaitForReadiness == true, "the CLI's --agent-timeout advice reads this")
        // Counted in attempts, not seconds, so a loaded machine cannot fail a correct client:
        // a 200 ms budget at the test's 20 ms ping interval allows about ten pings (fewer when
        // the machine is slow), where ignoring the timeout would use all 100 scripted refusals.
        #expect(script.seen.count >= 1 && script.seen.count <= 15)
    }

    @Test func waitUntilReadyStopsAtOnceOnBadCredentials() async throws {
        let script = Script([.status(401), .json(#"{"value":"pong"}"#)])
        let error = await #expect(throws: AgentError.self) {
            try await script.client().waitUntilReady(timeout: .seconds(5))
        }
        #expect(try #require(error).reason == .unauthorized)
        #expect(error?.endedWaitForReadiness == false, "more time would not help")
        #expect(script.seen.count == 1)
    }
}

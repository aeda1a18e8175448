import AgentProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import AgentClient

/// The agent clients pass each action and each blob transfer, once however many requests it
/// takes, through their `CallInterceptor` (the seam fault injection uses).
@Suite struct AgentClientInterceptionTests {
    typealias Script = MbusAgentClientTests.Script

    func client(_ script: Script, _ interceptor: RecordingInterceptor) throws -> MbusAgentClient {
        try MbusAgentClient(
            url: MbusAgentClientTests.url, replyTo: "director-uuid", transport: script.transport,
            timing: MbusAgentClientTests.fast, interceptor: interceptor)
    }

    @Test func pollsPingsAndRetriesBelongToTheirAction() async throws {
        let script = Script([
            .refused, .refused, .json(#"{"value":"pong"}"#),
            .json(#"{"value":{"agent_task_id":"t-1","state":"running"}}"#),
            .json(#"{"value":{"agent_task_id":"t-1","state":"running"}}"#),
            .json(#"{"value":"applied"}"#),
            .status(500), .json(#"{"value":{"job_state":"running"}}"#),
            .json(#"{"value":{"agent_task_id":"t-2","state":"running"}}"#), .json(#"{"value":{}}"#),
        ])
        let interceptor = RecordingInterceptor()
        let agent = try client(script, interceptor)
        try await agent.waitUntilReady(timeout: .seconds(120))
        try await agent.apply(ApplySpec(deployment: "d", name: "bosh", networks: [:], job: JobSpec(name: "bosh")))
        #expect(try await agent.getState().jobState == "running")
        try await agent.runScript("pre-start", options: RunScriptOptions())
        #expect(
            interceptor.calls == [
                "agent wait_until_ready", "agent apply", "agent get_state", "agent run_script pre-start",
            ])
        #expect(
            script.seen.map(\.method) == [
                "ping", "ping", "ping", "apply", "get_task", "get_task", "get_state", "get_state", "run_script",
                "get_task",
            ])
    }

    @Test func anActionTheInterceptorRefusesIsNeverSent() async throws {
        let script = Script([.json(#"{"value":"pong"}"#)])
        let interceptor = RecordingInterceptor(refusing: "agent stop")
        let agent = try client(script, interceptor)
        await #expect(throws: RecordingInterceptor.Refused(call: "agent stop")) { try await agent.stop() }
        #expect(try await agent.ping() == "pong")
        #expect(interceptor.calls == ["agent stop", "agent ping"])
        #expect(script.seen.map(\.method) == ["ping"])
    }

    @Test func eachBlobTransferIsOneCallItsAttemptsIncluded() async throws {
        let scratch = try TemporaryDirectory("intercept")
        let file = URL(fileURLWithPath: scratch.path + "/blob")
        try Data("content".utf8).write(to: file)
        let interceptor = RecordingInterceptor()
        // Port 1 on loopback refuses at once: every upload attempt fails the same way.
        let blobs = try BlobstoreClient(
            url: URL(string: "https://mbus:secret@127.0.0.1:1")!, trust: .system, connectTimeout: .seconds(2),
            uploadAttempts: 3, interceptor: interceptor)
        await #expect(throws: AgentError.self) { _ = try await blobs.upload(file: file) }
        await #expect(throws: AgentError.self) {
            _ = try await blobs.download(blobID: "b-1", to: URL(fileURLWithPath: scratch.path + "/down"))
        }
        #expect(interceptor.calls == ["blobstore put", "blobstore get"])
    }
}

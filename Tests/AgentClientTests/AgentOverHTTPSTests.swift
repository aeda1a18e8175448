import AgentProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import Synchronization
import Testing

@testable import AgentClient

/// MbusAgentClient over CurlTransport against the loopback TLS test server.
@Suite(.serialized) struct AgentOverHTTPSTests {
    static let password = "agentpw9k2m4n6p8r0t1"
    static let timing = AgentTiming(
        taskPollInterval: .milliseconds(10), toleratedTaskErrors: 3, pingInterval: .milliseconds(50),
        pingAttemptTimeout: .seconds(1), getStateAttempts: 3, getStateRetryDelay: .milliseconds(10))

    @Test func asyncActionOverHTTPS() async throws {
        let polls = Mutex(0)
        let routes = FakeAgentRoutes(password: Self.password) { request in
            switch request.method {
            case "apply": return .value(["agent_task_id": "task-1", "state": "running"])
            case "get_task":
                let count = polls.withLock { value in
                    value += 1
                    return value
                }
                return count < 3 ? .value(["agent_task_id": "task-1", "state": "running"]) : .value("applied")
            default: return .exception(message: "unknown message \(request.method)")
            }
        }
        let server = try await TestHTTPSServer.start(handler: routes.handle)
        defer { Task { await server.stop() } }
        let client = try MbusAgentClient(
            url: server.url(password: Self.password), caPEM: TestCertificateAuthority.sharedP256.caPEM, replyTo: "d1",
            timing: Self.timing)
        let spec = ApplySpec(
            deployment: "bosh", name: "bosh",
            networks: ["default": NetworkSpec(type: "manual", ip: "10.0.0.6", default: ["dns", "gateway"])],
            job: JobSpec(name: "bosh"))
        try await client.apply(spec)
        #expect(routes.requests.map(\.method) == ["apply", "get_task", "get_task", "get_task"])
        #expect(try routes.requests[0].arguments[0].decode(ApplySpec.self) == spec)

        let error = await #expect(throws: AgentError.self) { try await client.migrateDisk() }
        #expect(try #require(error).isUnknownMessage)
    }

    @Test func waitUntilReadyReachesAServerThatStartsLater() async throws {
        let port = try await TestHTTPSServer.unusedPort()
        let url = URL(string: "https://mbus:\(Self.password)@127.0.0.1:\(port)")!
        let client = try MbusAgentClient(
            url: url, caPEM: TestCertificateAuthority.sharedP256.caPEM, replyTo: "d1", timing: Self.timing)
        let routes = FakeAgentRoutes(password: Self.password) { _ in .value("pong") }

        let waiting = Task { try await client.waitUntilReady(timeout: .seconds(10)) }
        try await Task.sleep(for: .milliseconds(300))
        let server = try await TestHTTPSServer.start(port: port, handler: routes.handle)
        defer { Task { await server.stop() } }
        try await waiting.value
        #expect(routes.requests.map(\.method).allSatisfy { $0 == "ping" })
        #expect(!routes.requests.isEmpty)
    }

    @Test func waitUntilReadyStopsAtOnceOnAWrongCA() async throws {
        let routes = FakeAgentRoutes(password: Self.password) { _ in .value("pong") }
        let server = try await TestHTTPSServer.start(handler: routes.handle)
        defer { Task { await server.stop() } }
        let client = try MbusAgentClient(
            url: server.url(password: Self.password), caPEM: TestCertificateAuthority.otherP256.caPEM, replyTo: "d1",
            timing: Self.timing)
        let started = ContinuousClock.now
        let error = await #expect(throws: AgentError.self) { try await client.waitUntilReady(timeout: .seconds(20)) }
        // Well under the 20 s allowed: a loaded CI machine may be slow, never that slow.
        #expect(ContinuousClock.now - started < .seconds(15))
        let line = try #require(error).description
        #expect(line.contains("cloud_provider.cert.ca"))
        #expect(line.hasPrefix("Agent https://mbus:<redacted>@127.0.0.1:\(server.port): waiting for the agent"))
        #expect(!line.contains(Self.password))
    }
}

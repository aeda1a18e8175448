import AgentProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import AgentClient

/// libcurl against a real loopback TLS server: trust, auth, and every failure's one line.
@Suite(.serialized) struct CurlTransportTests {
    static let password = "s3cr3tpw0rd2b4x9q7z1"

    private func transport(
        ca: String = TestCertificateAuthority.sharedP256.caPEM, connect: Duration = .seconds(2),
        total: Duration = .seconds(5)
    ) -> CurlTransport {
        CurlTransport(configuration: .init(trust: .pinnedCA(pem: ca), connectTimeout: connect, requestTimeout: total))
    }

    private func agentURL(_ base: URL) -> URL {
        base.appendingPathComponent("agent")
    }

    @Test func postAndGetWorkWithTheRightCA() async throws {
        let routes = FakeAgentRoutes(password: Self.password) { _ in .value("pong") }
        let server = try await TestHTTPSServer.start(handler: routes.handle)
        defer { Task { await server.stop() } }

        let body = try JSONEncoder().encode(RPCRequest(method: "ping", replyTo: "d1"))
        let response = try await transport().send(
            HTTPRequest(method: "POST", url: agentURL(server.url(password: Self.password)), body: body))
        #expect(response.statusCode == 200)
        #expect(try JSONDecoder().decode(RPCResponse.self, from: response.body) == .value("pong"))
        #expect(routes.requests.map(\.method) == ["ping"])

        routes.store(Data("hello".utf8), as: "abc")
        let get = try await transport().send(
            HTTPRequest(method: "GET", url: server.url(password: Self.password).appendingPathComponent("blobs/ab/abc")))
        #expect(get.statusCode == 200)
        #expect(String(decoding: get.body, as: UTF8.self) == "hello")
    }

    @Test func wrongCAGivesACertificateLineWithoutThePassword() async throws {
        let routes = FakeAgentRoutes(password: Self.password) { _ in .value("pong") }
        let server = try await TestHTTPSServer.start(handler: routes.handle)
        defer { Task { await server.stop() } }

        let error = await #expect(throws: AgentError.self) {
            _ = try await transport(ca: TestCertificateAuthority.otherP256.caPEM).send(
                HTTPRequest(method: "POST", url: agentURL(server.url(password: Self.password)), body: Data("{}".utf8)))
        }
        let line = try #require(error).description
        guard case .certificateNotTrusted = try #require(error).reason else {
            Issue.record("expected certificateNotTrusted, got \(line)")
            return
        }
        #expect(line.contains("cloud_provider.cert.ca"))
        #expect(line.contains("https://mbus:<redacted>@127.0.0.1:\(server.port)"))
        #expect(!line.contains(Self.password))
        #expect(!line.contains("\n"))
        #expect(routes.requests.isEmpty)
    }

    @Test func wrongPasswordGivesA401() async throws {
        let routes = FakeAgentRoutes(password: Self.password) { _ in .value("pong") }
        let server = try await TestHTTPSServer.start(handler: routes.handle)
        defer { Task { await server.stop() } }
        let wrong = "wr0ngpassw0rdxyz"
        let client = try MbusAgentClient(
            url: server.url(password: wrong), replyTo: "d1", transport: transport())

        let error = await #expect(throws: AgentError.self) { _ = try await client.ping() }
        let line = try #require(error).description
        #expect(try #require(error).reason == .unauthorized)
        #expect(line.contains("401"))
        #expect(line.contains("sending 'ping'"))
        #expect(line.contains("https://mbus:<redacted>@127.0.0.1:\(server.port)"))
        #expect(!line.contains(wrong))
        #expect(!line.contains(Self.password))
    }

    @Test func nothingListeningGivesConnectionRefused() async throws {
        let refusing = try RefusingPort()
        let port = refusing.port
        defer { withExtendedLifetime(refusing) {} }
        let url = URL(string: "https://mbus:\(Self.password)@127.0.0.1:\(port)/agent")!
        let error = await #expect(throws: AgentError.self) {
            _ = try await transport().send(HTTPRequest(method: "POST", url: url, body: Data("{}".utf8)))
        }
        let line = try #require(error).description
        guard case .connectionRefused = try #require(error).reason else {
            Issue.record("expected connectionRefused, got \(line)")
            return
        }
        #expect(line.contains("connection refused"))
        #expect(line.contains("mbus:<redacted>@127.0.0.1:\(port)"))
        #expect(!line.contains(Self.password))
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let server = try await SilentServer.start()
        defer { Task { await server.stop() } }
        let url = URL(string: "https://mbus:\(Self.password)@127.0.0.1:\(server.port)/agent")!
        let started = ContinuousClock.now
        let error = await #expect(throws: AgentError.self) {
            _ = try await transport().send(
                HTTPRequest(method: "POST", url: url, body: Data("{}".utf8), timeout: .milliseconds(400)))
        }
        // Far below the 30 s / 300 s that would pass if the limit were ignored; generous for CI load.
        #expect(ContinuousClock.now - started < .seconds(15))
        let line = try #require(error).description
        guard case .timedOut = try #require(error).reason else {
            Issue.record("expected timedOut, got \(line)")
            return
        }
        #expect(line.contains("timed out"))
        #expect(!line.contains(Self.password))
    }

    @Test func cancellationAbortsATransfer() async throws {
        let server = try await SilentServer.start()
        defer { Task { await server.stop() } }
        let url = URL(string: "https://mbus:\(Self.password)@127.0.0.1:\(server.port)/agent")!
        // The silent server never starts TLS: with the 2 s connect limit, a loaded machine could
        // let that limit end the transfer before the cancellation does.
        let transport = transport(connect: .seconds(30), total: .seconds(30))
        let task = Task {
            try await transport.send(HTTPRequest(method: "POST", url: url, body: Data("{}".utf8)))
        }
        try await Task.sleep(for: .milliseconds(200))
        let started = ContinuousClock.now
        task.cancel()
        let result = await task.result
        // Far below the 30 s / 300 s that would pass if the limit were ignored; generous for CI load.
        #expect(ContinuousClock.now - started < .seconds(15))
        #expect(throws: CancellationError.self) { try result.get() }
    }

    @Test func anInvalidCAPEMIsReported() async throws {
        let routes = FakeAgentRoutes(password: Self.password) { _ in .value("pong") }
        let server = try await TestHTTPSServer.start(handler: routes.handle)
        defer { Task { await server.stop() } }
        let error = await #expect(throws: AgentError.self) {
            _ = try await transport(ca: "not a certificate").send(
                HTTPRequest(method: "GET", url: server.url(password: Self.password).appendingPathComponent("agent")))
        }
        let line = try #require(error).description
        #expect(line.contains("cloud_provider.cert.ca"))
        #expect(!line.contains(Self.password))
    }
}

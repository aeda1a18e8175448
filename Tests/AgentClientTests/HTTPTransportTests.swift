import Foundation
import Testing

@testable import AgentClient

@Suite struct HTTPTransportTests {
    struct EchoTransport: HTTPTransport {
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            HTTPResponse(statusCode: 200, body: request.body ?? Data())
        }
    }

    @Test func closureTransportsCanStandInForCurl() async throws {
        let transport: any HTTPTransport = EchoTransport()
        let response = try await transport.send(
            HTTPRequest(method: "POST", url: URL(string: "https://127.0.0.1:6868/agent")!, body: Data("{}".utf8)))
        #expect(response.statusCode == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "{}")
    }
}

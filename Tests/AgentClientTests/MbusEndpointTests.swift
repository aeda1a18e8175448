import Foundation
import Testing

@testable import AgentClient

/// The mbus URL as errors name it: never with its password.
@Suite struct MbusEndpointTests {
    @Test func endpointRedactsThePassword() throws {
        let endpoint = try MbusEndpoint(url: URL(string: "https://mbus:p%40ss@10.0.0.6:6868")!)
        #expect(endpoint.redacted == "https://mbus:<redacted>@10.0.0.6:6868")
        #expect(endpoint.username == "mbus" && endpoint.password == "p@ss")
        #expect(endpoint.baseURL == "https://10.0.0.6:6868")
        #expect(endpoint.scrub("echo p@ss") == "echo <redacted>")
        #expect(throws: AgentError.self) { try MbusEndpoint(url: URL(string: "nats://x:y@h:1")!) }
        let error = AgentError(endpoint: endpoint.redacted, operation: "sending 'ping'", reason: .unauthorized)
        #expect(!error.description.contains("p@ss"))
    }
}

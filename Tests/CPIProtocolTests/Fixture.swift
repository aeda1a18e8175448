import DeployerSupport
import Foundation

@testable import CPIProtocol

/// JSON fixtures taken from the CPI protocol spec's examples (Tests/CPIProtocolTests/Fixtures).
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name + ".json"))
    }

    static func json(_ name: String) throws -> JSONValue {
        try JSONValue(parsing: data(name))
    }

    static func request(_ name: String) throws -> CPIRequest {
        try JSONDecoder().decode(CPIRequest.self, from: data(name))
    }

    static func response(_ name: String) throws -> CPIResponse {
        try JSONDecoder().decode(CPIResponse.self, from: data(name))
    }

    /// The context every fixture request carries.
    static let context = CPIContext.boshCLI(directorUUID: "9f1d3c2a-6c8e-4a57-b0c5-2b7e0e0f6b11", stemcellAPIVersion: 3)
}

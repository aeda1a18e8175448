import AgentClient
import AgentProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

/// A blob PUT's body is held until the agent accepts the request, then written to the file on
/// the connection's event loop; the connection carries on with the next request. Driven with
/// the `curl` command, which (unlike our client) reuses one connection and sends
/// `Expect: 100-continue`.
@Suite(.serialized) struct LocalAgentBlobUploadTests {
    @Test func aPutWithExpectContinueThenAGetAndAnRPCShareOneConnection() async throws {
        try await withAgent { agent in
            let scratch = try TemporaryDirectory("blob-upload")
            defer { scratch.remove() }
            var bytes = [UInt8](repeating: 0, count: (2 << 20) + 17)
            for index in stride(from: 0, to: bytes.count, by: 5) {
                bytes[index] = UInt8(truncatingIfNeeded: index &* 13)
            }
            let source = scratch.path("source.bin")
            let copy = scratch.path("copy.bin")
            try Data(bytes).write(to: URL(fileURLWithPath: source))
            let ca = try writeCA(agent, into: scratch)
            let base = "https://\(agent.host):\(agent.port)"
            let common = [
                "-sS", "--cacert", ca, "-u", "mbus:\(agent.password)", "-m", "30", "-w",
                "%{http_code} %{num_connects}\\n",
            ]

            let output = try runCurl(
                common + ["-H", "Expect: 100-continue", "-T", source, "-o", "/dev/null", "\(base)/blobs/ab/sink-1"]
                    + ["--next"] + common + ["-o", copy, "\(base)/blobs/ab/sink-1"]
                    + ["--next"] + common + [
                        "-d", #"{"method":"ping","arguments":[]}"#, "-o", "/dev/null", "\(base)/agent",
                    ])

            // One connection for all three: the second and third made none of their own.
            #expect(output.split(separator: "\n") == ["201 1", "200 0", "200 0"])
            #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == Data(bytes))
            #expect(try Data(contentsOf: URL(fileURLWithPath: agent.vmDir + "/data/blobs/sink-1")) == Data(bytes))
        }
    }

    @Test func aRefusedPutLeavesNoFileAndTheAgentServesOn() async throws {
        try await withAgent { agent in
            let scratch = try TemporaryDirectory("blob-refused")
            defer { scratch.remove() }
            let source = scratch.path("source.bin")
            try Data(repeating: 7, count: 1 << 20).write(to: URL(fileURLWithPath: source))
            let ca = try writeCA(agent, into: scratch)

            let output = try runCurl([
                "-sS", "--cacert", ca, "-u", "mbus:wrong-password", "-m", "30", "-w", "%{http_code}",
                "-H", "Expect: 100-continue", "-T", source, "-o", "/dev/null",
                "https://\(agent.host):\(agent.port)/blobs/ab/refused-1",
            ])

            #expect(output == "401")
            let stored = (try? FileManager.default.contentsOfDirectory(atPath: agent.vmDir + "/data/blobs")) ?? []
            #expect(stored.isEmpty)
            let ping = try await agent.rpc(#"{"method":"ping","arguments":[]}"#)
            guard case .value(let value) = ping else {
                Issue.record("ping failed after a refused upload: \(ping)")
                return
            }
            #expect(value.stringValue == "pong")
        }
    }

    private func writeCA(_ agent: AgentHarness, into scratch: TemporaryDirectory) throws -> String {
        let path = scratch.path("ca.pem")
        try Data(agent.certificates.caPEM.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs `/usr/bin/curl` and returns its standard output; its own `-m` bounds the time.
    private func runCurl(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

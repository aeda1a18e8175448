import AgentClient
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The built `local-agent` on a random loopback address, with the settings local-cpi would
/// write for a VM (mbus URL, certificate under `env.bosh.mbus.cert`, local blobstore).
final class LocalAgentProcess {
    let scratch: ScratchDirectory
    let host: String
    let port: Int
    let password: String
    let certificates: TestCertificates
    private var process: Process?

    var vmDirectory: String { scratch.at("vm") }
    var logPath: String { scratch.at("agent.log") }
    var mbusURL: URL? { URL(string: "https://mbus:\(password)@\(host):\(port)") }

    /// Writes the settings and starts the agent, waiting until it answers `ping`.
    /// - Throws: `ExampleTestError` with the agent's log when it does not come up.
    init(scratch: ScratchDirectory) async throws {
        self.scratch = scratch
        host = ExampleFiles.randomLoopbackAddress()
        port = Int.random(in: 20000...60000)
        password = "pw-" + UUID().uuidString.prefix(12).lowercased()
        certificates = try TestCertificates.make(ip: host)
        try FileManager.default.createDirectory(atPath: vmDirectory, withIntermediateDirectories: true)
        let settings: [String: Any] = [
            "agent_id": "agent-example",
            "vm": ["name": "vm-example"],
            "mbus": "https://mbus:\(password)@\(host):\(port)",
            "blobstore": ["provider": "local", "options": ["blobstore_path": "/var/vcap/micro_bosh/data/cache"]],
            "ntp": [String](),
            "networks": [
                "default": ["type": "manual", "ip": host, "netmask": "255.0.0.0", "default": ["dns", "gateway"]]
            ],
            "disks": ["system": vmDirectory, "ephemeral": vmDirectory + "/data", "persistent": [String: Any]()],
            "env": [
                "bosh": [
                    "mbus": [
                        "cert": [
                            "ca": certificates.caPEM, "certificate": certificates.certificatePEM,
                            "private_key": certificates.privateKeyPEM,
                        ]
                    ]
                ]
            ],
        ]
        let settingsPath = scratch.at("settings.json")
        try JSONSerialization.data(withJSONObject: settings, options: [.sortedKeys])
            .write(to: URL(fileURLWithPath: settingsPath))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: ExampleFiles.builtBinary("local-agent"))
        process.arguments = ["--settings", settingsPath, "--vm-dir", vmDirectory]
        _ = FileManager.default.createFile(atPath: logPath, contents: Data())
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
        do {
            try await client().waitUntilReady(timeout: .seconds(20))
        } catch {
            stop()
            throw ExampleTestError("local-agent did not come up: \(error); log: \(TestFile.read(logPath) ?? "")")
        }
    }

    /// An mbus client with short polling intervals.
    func client() throws -> MbusAgentClient {
        guard let url = mbusURL else { throw ExampleTestError("bad mbus URL for \(host):\(port)") }
        return try MbusAgentClient(
            url: url, caPEM: certificates.caPEM, replyTo: "example-tests",
            timing: AgentTiming(
                taskPollInterval: .milliseconds(20), pingInterval: .milliseconds(50), pingAttemptTimeout: .seconds(3)))
    }

    /// The agent's blobstore over the same mbus endpoint.
    func blobstore() throws -> BlobstoreClient {
        guard let url = mbusURL else { throw ExampleTestError("bad mbus URL for \(host):\(port)") }
        return try BlobstoreClient(url: url, trust: .pinnedCA(pem: certificates.caPEM))
    }

    /// SIGTERM, then SIGKILL after 10 s.
    func stop() {
        guard let process else { return }
        self.process = nil
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

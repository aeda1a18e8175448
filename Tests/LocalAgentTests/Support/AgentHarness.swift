import AgentClient
import AgentProtocol
import DeployerTestSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One `local-agent` process (the built binary) on a random 127.x.y.z address and port, with
/// its own VM directory, settings file and RSA certificate.
final class AgentHarness {
    let scratch: TemporaryDirectory
    let host: String
    let port: Int
    let password: String
    let certificates = TestCertificateAuthority.sharedRSA
    private(set) var process: Process?

    var vmDir: String { scratch.path("vm") }
    var settingsPath: String { scratch.path("settings.json") }
    var stderrPath: String { scratch.path("agent.stderr") }
    var mbusURL: URL { URL(string: "https://mbus:\(password)@\(host):\(port)")! }

    static var binaryPath: String {
        BuiltProducts.executable("local-agent")
    }

    /// Writes the settings (with `mbusHost` overriding the address when given).
    init(settingsOverride: ((inout [String: Any]) -> Void)? = nil) throws {
        scratch = try TemporaryDirectory()
        host = "127.\(Int.random(in: 1...254)).\(Int.random(in: 0...254)).\(Int.random(in: 1...254))"
        port = Int.random(in: 20000...60000)
        password = "pw" + UUID().uuidString.prefix(12).lowercased()
        try FileManager.default.createDirectory(atPath: vmDir, withIntermediateDirectories: true)
        var settings: [String: Any] = [
            "agent_id": "agent-\(port)",
            "mbus": "https://mbus:\(password)@\(host):\(port)",
            "blobstore": ["provider": "local", "options": ["blobstore_path": "/var/vcap/micro_bosh/data/cache"]],
            "env": [
                "bosh": [
                    "mbus": [
                        "cert": [
                            "ca": certificates.caPEM,
                            "certificate": try certificates.serverCertificatePEM(ip: host),
                            "private_key": certificates.serverKeyPEM,
                        ],
                        "urls": [String](),
                    ]
                ]
            ],
            "networks": [
                "default": ["type": "manual", "ip": host, "netmask": "255.0.0.0", "default": ["dns", "gateway"]]
            ],
            "disks": ["system": "", "ephemeral": "", "persistent": [String: Any]()],
            "vm": ["name": "vm-\(port)"],
        ]
        settingsOverride?(&settings)
        let data = try JSONSerialization.data(withJSONObject: settings, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: settingsPath))
    }

    /// Launches the binary and waits until it answers `ping`.
    func start() async throws {
        let process = try launch()
        self.process = process
        do {
            // Generous: on a loaded 2-core machine the agent's start can take many seconds.
            try await client().waitUntilReady(timeout: .seconds(90))
        } catch {
            let stderr = TestFiles.read(stderrPath) ?? ""
            _ = terminate(signal: SIGKILL)
            throw HarnessError("agent did not become ready: \(error); stderr: \(stderr)")
        }
    }

    /// Launches the binary without waiting (for start-up failure tests).
    func launch() throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binaryPath)
        process.arguments = ["--settings", settingsPath, "--vm-dir", vmDir]
        _ = FileManager.default.createFile(atPath: stderrPath, contents: Data())
        let stderr = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        stderr.seekToEndOfFile()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// A client with short poll intervals.
    func client(password: String? = nil) throws -> MbusAgentClient {
        let url = URL(string: "https://mbus:\(password ?? self.password)@\(host):\(port)")!
        return try MbusAgentClient(
            url: url, caPEM: certificates.caPEM, replyTo: "tests",
            timing: AgentTiming(
                taskPollInterval: .milliseconds(20), pingInterval: .milliseconds(50),
                pingAttemptTimeout: .seconds(3), getStateAttempts: 1))
    }

    func blobstore() throws -> BlobstoreClient {
        try BlobstoreClient(url: mbusURL, trust: .pinnedCA(pem: certificates.caPEM))
    }

    /// Sends `body` to `path` with `method` over libcurl and returns the raw answer.
    func raw(
        _ method: String, _ path: String, body: String? = nil, password: String? = nil
    ) async throws -> HTTPResponse {
        let url = URL(string: "https://mbus:\(password ?? self.password)@\(host):\(port)\(path)")!
        return try await CurlTransport(caPEM: certificates.caPEM).send(
            HTTPRequest(method: method, url: url, body: body.map { Data($0.utf8) }))
    }

    /// Sends one RPC and decodes the response.
    func rpc(_ json: String) async throws -> RPCResponse {
        let response = try await raw("POST", "/agent", body: json)
        guard response.statusCode == 200 else { throw HarnessError("HTTP \(response.statusCode)") }
        return try JSONDecoder().decode(RPCResponse.self, from: response.body)
    }

    /// Sends `signal` and waits (up to 15 s) for the process to exit.
    /// - Returns: its termination status, or `nil` if it was not running.
    @discardableResult
    func terminate(signal: Int32 = SIGTERM) -> Int32? {
        guard let process else { return nil }
        self.process = nil
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        return process.terminationStatus
    }

    /// Stops the agent and any job process a failed test left, then removes the files.
    func cleanUp() {
        terminate()
        for pid in Self.pidFiles(under: vmDir + "/sys/run").compactMap(Self.pid(inFile:)) {
            let group = getpgid(pid)
            if group > 1, group != getpgrp() { kill(-group, SIGKILL) } else { kill(pid, SIGKILL) }
        }
        scratch.remove()
    }

    static func pidFiles(under root: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasSuffix(".pid") { files.append(root + "/" + relative) }
        }
        return files
    }

    static func pid(inFile path: String) -> Int32? {
        TestFiles.read(path).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Processes of process group `group` that are alive (not zombies), from /proc.
    static func liveMembers(ofGroup group: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = TestFiles.read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else {
                return false
            }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // After `comm`: state, ppid, pgrp.
            guard fields.count > 2, let pgrp = Int32(fields[2]) else { return false }
            return pgrp == group && fields[0] != "Z" && fields[0] != "X"
        }
    }

    /// Alive and not a zombie.
    static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = TestFiles.read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }
}

/// Runs `body` with a started agent and always cleans up.
func withAgent(_ body: (AgentHarness) async throws -> Void) async throws {
    let harness = try AgentHarness()
    defer { harness.cleanUp() }
    try await harness.start()
    try await body(harness)
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

import CPIProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A temporary local cloud driven through the built `local-cpi` binary with `ExternalCPICloud`,
/// configured the way bosh-cli runs a CPI: no arguments, the config under `BOSH_JOBS_DIR`.
///
/// The stemcell image carries a stand-in `local-agent` shell script that records its
/// arguments and sleeps, so these tests exercise the process lifecycle without the real agent.
struct LocalCPIFixture {
    /// The built CPI, next to the test bundle.
    static let binary = BuiltProducts.executable("local-cpi")

    let directory: String
    let root: String
    let jobsDirectory: String
    let imagePath: String
    let cloud: ExternalCPICloud

    /// - Parameter config: the config's JSON members besides `root_dir` (default: an mbus template).
    init(config: [String: JSONValue]? = nil, writeConfig: Bool = true) throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent(
                "local-cpi-tests-\(UUID().uuidString.prefix(8))"
            ).path
        root = directory + "/root"
        jobsDirectory = directory + "/jobs"
        imagePath = directory + "/image.tgz"
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: jobsDirectory + "/local_cpi/config", withIntermediateDirectories: true)
        try fileManager.createDirectory(atPath: directory + "/image", withIntermediateDirectories: true)
        if writeConfig {
            var members =
                config ?? [
                    "agent": [
                        "mbus": "https://mbus:secret@0.0.0.0:6868",
                        "blobstore": [
                            "provider": "local", "options": ["blobstore_path": "/var/vcap/micro_bosh/data/cache"],
                        ],
                        "ntp": ["time1.example.com"],
                    ],
                    "agent_stop_timeout": 5,
                ]
            members["root_dir"] = .string(root)
            try Data(JSONValue.object(members).jsonText.utf8).write(
                to: URL(fileURLWithPath: jobsDirectory + "/local_cpi/config/cpi.json"))
        }
        // The stand-in agent: records its arguments beside its settings file, counts its
        // starts, then sleeps until signalled.
        let script = """
            #!/bin/sh
            dir=$(dirname "$2")
            printf '%s\\n' "$@" > "$dir/agent-args"
            echo start >> "$dir/agent-starts"
            while true; do sleep 1; done

            """
        let agent = directory + "/image/local-agent"
        try Data(script.utf8).write(to: URL(fileURLWithPath: agent))
        chmod(agent, 0o755)
        try Self.run("/bin/tar", ["czf", imagePath, "-C", directory + "/image", "local-agent"])
        cloud = ExternalCPICloud(
            configuration: ExternalCPIConfiguration(
                executablePath: Self.binary, jobsDirectory: jobsDirectory, packagesDirectory: directory + "/packages",
                directorUUID: "director-test", stemcellAPIVersion: 2, timeout: .seconds(60), retry: .never))
    }

    /// Kills every agent this fixture's cloud started (by the recorded pids and by scanning
    /// for their `--vm-dir`), then removes the temporary directory.
    func tearDown() {
        for pid in agentPIDs() {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The pids of processes running with a `--vm-dir` under this root.
    func agentPIDs() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name -> Int32? in
            guard let pid = Int32(name), let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline")
            else { return nil }
            let text = String(decoding: data, as: UTF8.self)
            return text.contains("--vm-dir\u{0}\(root)/vms/") ? pid : nil
        }
    }

    /// Whether `pid` runs and is not a zombie.
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }

    /// Field `index` (0 = state) after the command name of `/proc/<pid>/stat`.
    static func statField(_ pid: Int32, _ index: Int) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return index < fields.count ? String(fields[index]) : nil
    }

    func createStemcell() async throws -> StemcellCID {
        try await cloud.createStemcell(imagePath: imagePath, cloudProperties: ["name": "local", "version": "1"])
    }

    static func networks(ip: String) -> JSONValue {
        [
            "default": [
                "type": "manual", "ip": .string(ip), "netmask": "255.0.0.0", "gateway": "127.0.0.1",
                "default": ["dns", "gateway"], "dns": ["127.0.0.53"],
            ]
        ]
    }

    static let environment: JSONValue = [
        "bosh": ["mbus": ["cert": ["ca": "CA PEM", "certificate": "CERT PEM", "private_key": "KEY PEM"]]]
    ]

    func createVM(stemcell: StemcellCID, ip: String = "127.0.0.10") async throws -> CreatedVM {
        try await cloud.createVM(
            CreateVMArguments(
                agentID: "agent-\(ip)", stemcellCID: stemcell, cloudProperties: ["cpu": 1],
                networks: Self.networks(ip: ip),
                environment: Self.environment))
    }

    func vmDirectory(_ cid: VMCID) -> String { root + "/vms/" + cid.rawValue }

    func readJSON(_ path: String) throws -> JSONValue {
        try JSONValue(parsing: try #require(FileManager.default.contents(atPath: path), "missing \(path)"))
    }

    /// `local-cpi list --root <root>`, parsed.
    func inventory() throws -> JSONValue {
        let output = try Self.run(Self.binary, ["list", "--root", root])
        return try JSONValue(parsing: Data(output.utf8))
    }

    /// Runs a short command; returns its stdout.
    /// - Throws: when it exits non-zero.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> String
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError(description: "\(executable) \(arguments) exited \(process.terminationStatus)")
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Waits up to 5 s for `condition`.
    static func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<250 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
}

/// The CPI error type of a thrown `CPIError.cloud`.
func cpiErrorType(_ error: any Error) -> CPIErrorType? {
    (error as? CPIError)?.type
}

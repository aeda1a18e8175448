import DeployerTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// One deployment of the example notes service (`examples/local`) on a local cloud of its own:
/// a temporary root holding the manifest (on a random 127.x network), the vars store, the state
/// file, `DEPLOYER_HOME` and the cloud root. Runs the real `deployer`, `local-cpi` and `curl`,
/// and keeps every output for the secrets sweep.
///
/// Use it through `withDeployment`, which always deletes what the test deployed and removes
/// the root, also when the test fails half-way.
final class LocalCloudFixture {
    /// The temporary directory every command runs in.
    let root: String
    /// The local cloud's root directory (`local_cpi.root_dir`).
    let cloud: String
    /// The VM's static IP, where the agent and the notes service listen.
    let ip: String
    /// The manifest as written now (`manifest.yml` in `root`).
    private(set) var manifest: String
    /// The output of every command this fixture ran, in order.
    private(set) var transcript: [String] = []
    /// `DEPLOYER_HOME` of every command.
    let deployerHome: String
    /// Where `deployer` and `local-cpi` are.
    let bin: String
    private let environment: [String: String]
    private var background: [RunningCommand] = []

    /// The state file: `deployer`'s default, beside the manifest.
    var statePath: String { root + "/manifest-state.json" }
    /// The lock file a running deploy holds (`FileLock`: the state file + `.lock`).
    var lockPath: String { statePath + ".lock" }

    /// Sets up a fresh deployment root, runs `body` on it, then deletes whatever is still
    /// deployed, ends any process of its cloud that is left, and removes the root.
    /// - Throws: what `body` throws, or a failure to build the artifacts or write the root.
    /// - Parameter home: the `DEPLOYER_HOME` to use instead of the fixture's own (a home
    ///   shared by several fixtures, as parallel CI jobs on one worker share one).
    /// - Parameter installed: the `bin` directory of installed `deployer`, `local-cpi` and
    ///   `local-agent` and the artifacts built from them, instead of the built products and
    ///   the shared artifacts.
    static func withDeployment(
        home: String? = nil, installed: (bin: String, artifacts: String)? = nil,
        _ body: (LocalCloudFixture) async throws -> Void
    ) async throws {
        let artifacts: String
        if let installed {
            artifacts = installed.artifacts
        } else {
            artifacts = try await SharedArtifacts.shared.directory()
        }
        let fixture = try LocalCloudFixture(
            artifacts: artifacts, bin: installed?.bin ?? BuiltProducts.directory, home: home)
        do {
            try await body(fixture)
        } catch {
            await fixture.cleanUp()
            throw error
        }
        await fixture.cleanUp()
    }

    private init(artifacts: String, bin: String, home: String?) throws {
        self.bin = bin
        root =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("deployer-e2e-\(UUID().uuidString.prefix(8))").path
        let cloud = root + "/cloud"
        self.cloud = cloud
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        deployerHome = home ?? root + "/home"
        environment = ["DEPLOYER_HOME": deployerHome, "LOCAL_CLOUD_ROOT": cloud]

        // The shared artifacts.yml names the shared tarballs; only the cloud root is ours.
        let variables = try String(contentsOfFile: artifacts + "/artifacts.yml", encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("local_cloud_root:") ? "local_cloud_root: '\(cloud)'" : String($0) }
            .joined(separator: "\n")
        try variables.write(toFile: root + "/artifacts.yml", atomically: true, encoding: .utf8)

        let network = "127.\(Int.random(in: 100...250)).\(Int.random(in: 1...250))"
        ip = "\(network).\(Int.random(in: 2...250))"
        let example = BuiltProducts.packageRoot.appendingPathComponent("examples/local/manifest.yml")
        manifest = try String(contentsOf: example, encoding: .utf8)
            .replacingOccurrences(of: "127.0.10.2", with: ip)
            .replacingOccurrences(of: "127.0.10.0/24", with: "\(network).0/24")
            .replacingOccurrences(of: "127.0.10.1", with: "\(network).1")
        try manifest.write(toFile: root + "/manifest.yml", atomically: true, encoding: .utf8)
    }

    // MARK: Manifest

    /// Replaces `old` with `new` in the manifest and writes it.
    /// - Throws: `EndToEndError` when the manifest does not contain `old` (the example changed).
    func editManifest(replacing old: String, with new: String) throws {
        guard manifest.contains(old) else { throw EndToEndError("the manifest has no '\(old)'") }
        manifest = manifest.replacingOccurrences(of: old, with: new)
        try manifest.write(toFile: root + "/manifest.yml", atomically: true, encoding: .utf8)
    }

    // MARK: Running commands

    /// `deployer <command> manifest.yml --vars-store creds.yml -l artifacts.yml <extra>`.
    func deployerArguments(_ command: String, _ extra: [String]) -> [String] {
        [command, "manifest.yml", "--vars-store", "creds.yml", "-l", "artifacts.yml"] + extra
    }

    /// Runs `deployer <command>` with the manifest's flags and `extra`, to completion.
    /// - Throws: when it cannot be started or runs longer than five minutes.
    @discardableResult
    func deployer(_ command: String, _ extra: String...) async throws -> CommandResult {
        try await run(bin + "/deployer", deployerArguments(command, extra))
    }

    /// Runs `deployer <command>` with extra environment variables, to completion.
    /// - Throws: when it cannot be started or runs longer than five minutes.
    func deployer(
        _ command: String, _ extra: [String] = [], environment more: [String: String]
    ) async throws
        -> CommandResult
    {
        try await run(bin + "/deployer", deployerArguments(command, extra), extraEnvironment: more)
    }

    /// Starts `deployer <command>` in the background; finish it with `wait(for:)`.
    /// - Throws: when it cannot be started.
    func startDeployer(_ command: String, _ extra: String...) throws -> RunningCommand {
        let running = try RunningCommand(
            bin + "/deployer", deployerArguments(command, extra), in: root, environment: environment)
        background.append(running)
        return running
    }

    /// Waits for a command from `startDeployer` and records its output.
    /// - Throws: when it runs longer than five minutes.
    func wait(for running: RunningCommand) async throws -> CommandResult {
        let result = try await running.wait()
        transcript.append(result.output)
        return result
    }

    /// Runs any executable in the root with the fixture's environment and records its output.
    /// - Throws: when it cannot be started or outlives `timeout`.
    func run(
        _ executable: String, _ arguments: [String], timeout: Duration = .seconds(300),
        extraEnvironment: [String: String] = [:]
    ) async throws -> CommandResult {
        let result = try await CommandRun.run(
            executable, arguments, in: root, environment: environment.merging(extraEnvironment) { _, new in new },
            timeout: timeout)
        transcript.append(result.output)
        return result
    }

    // MARK: The notes service

    /// `GET path` on the notes service (port 8080 of the VM's IP); fails when nothing answers.
    /// - Throws: when curl cannot be started.
    func get(_ path: String) async throws -> CommandResult {
        try await run("/usr/bin/curl", ["-sS", "-f", "-m", "10", "http://\(ip):8080\(path)"], timeout: .seconds(30))
    }

    /// Stores a note (`POST /notes`).
    /// - Throws: when curl cannot be started.
    func postNote(_ text: String) async throws -> CommandResult {
        try await run(
            "/usr/bin/curl", ["-sS", "-f", "-m", "10", "-X", "POST", "--data", text, "http://\(ip):8080/notes"],
            timeout: .seconds(30))
    }

    // MARK: The cloud

    /// What `local-cpi list --root` reports about this fixture's cloud.
    /// - Throws: when the command fails or its output is not the inventory JSON.
    func inventory() async throws -> LocalCloudInventory {
        let list = try await CommandRun.run(bin + "/local-cpi", ["list", "--root", cloud], in: root)
        guard list.succeeded else { throw EndToEndError("local-cpi list failed: \(list.output)") }
        do {
            return try JSONDecoder().decode(LocalCloudInventory.self, from: Data(list.output.utf8))
        } catch {
            throw EndToEndError("local-cpi list printed no inventory (\(error)): \(list.output)")
        }
    }

    /// Ids of live processes that belong to this fixture's cloud (agents and their jobs).
    var cloudProcesses: [Int32] { processes(mentioning: cloud) }

    // MARK: Secrets

    /// Every generated secret of the vars store, as text that must never be printed: the mbus
    /// password, and each base64 line of the private keys (a line is enough to identify a key).
    /// - Throws: when the vars store cannot be read or lacks one of them.
    func generatedSecrets() async throws -> [(name: String, value: String)] {
        var secrets: [(name: String, value: String)] = []
        for path in ["/mbus_bootstrap_password", "/default_ca/private_key", "/mbus_bootstrap_ssl/private_key"] {
            // Not `run`: this output is the secrets themselves and stays out of the transcript.
            let read = try await CommandRun.run(
                bin + "/deployer", ["interpolate", "creds.yml", "--path", path], in: root)
            try #require(read.succeeded, "reading \(path) from the vars store failed")
            let lines = read.output.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-----") }
            try #require(!lines.isEmpty, "no value at \(path)")
            for line in lines where line.count >= 16 { secrets.append((path, line)) }
        }
        #expect(secrets.count > 20, "expected the password and two multi-line private keys")
        return secrets
    }

    /// Expects no generated secret in the transcript (every command's stdout and stderr) nor
    /// in `others` (debug logs, ...).
    /// - Throws: when the secrets cannot be read.
    func expectNoSecretLeaked(
        also others: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    )
        async throws
    {
        let everything = (transcript + others).joined(separator: "\n")
        #expect(!everything.isEmpty, sourceLocation: sourceLocation)
        for secret in try await generatedSecrets() {
            #expect(
                !everything.contains(secret.value), "\(secret.name) leaked into an output or a log",
                sourceLocation: sourceLocation)
        }
    }

    // MARK: Cleaning up

    /// Waits for background commands, deletes what is still deployed, ends the cloud's
    /// processes a failed run may have left, and removes the root.
    private func cleanUp() async {
        for running in background where running.isRunning {
            _ = try? await running.wait()
        }
        if FileManager.default.fileExists(atPath: statePath) {
            _ = try? await CommandRun.run(
                bin + "/deployer", deployerArguments("delete", []), in: root,
                environment: environment)
        }
        // Only reached with leftovers after a failure: these processes are this test's own
        // (their command lines name its private cloud root).
        for pid in cloudProcesses { kill(pid, SIGKILL) }
        try? FileManager.default.removeItem(atPath: root)
    }
}

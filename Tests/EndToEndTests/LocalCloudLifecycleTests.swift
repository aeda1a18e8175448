import Foundation
import Testing

/// The whole create-env / delete-env cycle with the real binaries on the local cloud:
/// `scripts/build-local-cloud` builds the CPI release, the notes release and the stemcell;
/// `deployer deploy` brings the notes service up on a random loopback IP; a second deploy
/// skips and `deployer plan` exits 0; `deployer delete` removes everything. No generated
/// secret appears in any output of these runs: stdout, stderr, the debug log, JSON events.
@Suite(.serialized)
struct LocalCloudLifecycleTests {
    @Test func deployAnswerRedeploySkipsDeleteCleansUp() async throws {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("deployer-e2e-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let home = root + "/home", cloud = root + "/cloud", artifacts = root + "/artifacts"
        let environment = ["DEPLOYER_HOME": home, "LOCAL_CLOUD_ROOT": cloud]
        let bin = BuiltProducts.packageRoot.appendingPathComponent(".build/debug").path
        let script = BuiltProducts.packageRoot.appendingPathComponent("scripts/build-local-cloud").path

        let build = try await CommandRun.run(
            "/bin/bash", [script, "--bin-dir", bin, artifacts], in: root, environment: environment)
        try #require(build.succeeded, "build-local-cloud failed:\n\(build.output)")

        let network = "127.\(Int.random(in: 100...250)).\(Int.random(in: 1...250))"
        let ip = "\(network).\(Int.random(in: 2...250))"
        let example = BuiltProducts.packageRoot.appendingPathComponent("examples/local/manifest.yml")
        let manifest = try String(contentsOf: example, encoding: .utf8)
            .replacingOccurrences(of: "127.0.10.2", with: ip)
            .replacingOccurrences(of: "127.0.10.0/24", with: "\(network).0/24")
            .replacingOccurrences(of: "127.0.10.1", with: "\(network).1")
        try manifest.write(toFile: root + "/manifest.yml", atomically: true, encoding: .utf8)

        let deployer = BuiltProducts.executable("deployer")
        let flags = ["manifest.yml", "--vars-store", "creds.yml", "-l", artifacts + "/artifacts.yml"]
        var deployOutput = ""
        do {
            let first = try await CommandRun.run(
                deployer, ["deploy"] + flags + ["--log-level", "debug", "--log-file", "debug.log"], in: root,
                environment: environment)
            deployOutput = first.output
            try #require(first.succeeded, "first deploy failed:\n\(first.output)")
            #expect(first.output.contains("Creating VM for instance 'notes/0'"))
            #expect(first.output.hasSuffix("Succeeded\n"))

            let answer = try await CommandRun.run(
                "/usr/bin/curl", ["-sS", "-m", "10", "http://\(ip):8080/"], in: root)
            #expect(answer.succeeded, "the notes service did not answer: \(answer.output)")
            #expect(answer.output.contains("Hello from the local cloud"))

            let second = try await CommandRun.run(deployer, ["deploy"] + flags, in: root, environment: environment)
            #expect(second.succeeded, "second deploy failed:\n\(second.output)")
            #expect(second.output.contains("No deployment, stemcell or release changes. Skipping deploy."))
            #expect(!second.output.contains("Creating VM"))

            let plan = try await CommandRun.run(deployer, ["plan"] + flags, in: root, environment: environment)
            #expect(plan.status == 0, "plan should report no changes:\n\(plan.output)")
        } catch {
            _ = try? await CommandRun.run(deployer, ["delete"] + flags, in: root, environment: environment)
            throw error
        }

        let secrets = try await generatedSecrets(deployer: deployer, store: "creds.yml", in: root)
        let delete = try await CommandRun.run(
            deployer, ["delete", "--json"] + flags, in: root, environment: environment)
        #expect(delete.succeeded, "delete failed:\n\(delete.output)")
        #expect(delete.output.split(separator: "\n").allSatisfy { $0.hasPrefix("{") }, "not NDJSON:\n\(delete.output)")

        let debugLog = try String(contentsOfFile: root + "/debug.log", encoding: .utf8)
        #expect(debugLog.contains("create_vm"), "the debug log does not show the CPI calls")
        let mode = try FileManager.default.attributesOfItem(atPath: root + "/debug.log")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // The deploy's stdout and stderr, its debug log, and the delete's JSON events.
        let everything = [deployOutput, debugLog, delete.output].joined(separator: "\n")
        for secret in secrets {
            #expect(!everything.contains(secret.value), "\(secret.name) leaked into the output or the debug log")
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/manifest-state.json"))

        let list = try await CommandRun.run(BuiltProducts.executable("local-cpi"), ["list", "--root", cloud], in: root)
        #expect(list.succeeded, "local-cpi list failed: \(list.output)")
        let inventory = try #require(
            try JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [String: Any], "not JSON: \(list.output)")
        for key in ["vms", "disks", "stemcells", "orphan_processes"] {
            #expect((inventory[key] as? [Any])?.isEmpty == true, "\(key) left: \(list.output)")
        }
        #expect(CommandRun.processes(mentioning: cloud).isEmpty, "processes of the local cloud are still running")
    }

    /// Every generated secret of the vars store, as text that must never be printed: the mbus
    /// password, and each base64 line of the private keys (a line is enough to identify a key).
    private func generatedSecrets(deployer: String, store: String, in root: String) async throws
        -> [(name: String, value: String)]
    {
        var secrets: [(name: String, value: String)] = []
        for path in ["/mbus_bootstrap_password", "/default_ca/private_key", "/mbus_bootstrap_ssl/private_key"] {
            let read = try await CommandRun.run(deployer, ["interpolate", store, "--path", path], in: root)
            try #require(read.succeeded, "reading \(path) from the vars store failed: \(read.output)")
            let lines = read.output.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-----") }
            try #require(!lines.isEmpty, "no value at \(path)")
            for line in lines where line.count >= 16 { secrets.append((path, line)) }
        }
        #expect(secrets.count > 20, "expected the password and two multi-line private keys")
        return secrets
    }
}

import DeployerTestSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One local cloud for the fault matrix: the artifacts of `scripts/build-local-cloud` (twice:
/// stemcell 1.0 and 2.0), a deployer home shared by every run (its compiled package cache
/// makes each run cheap), the example manifest on a random loopback IP, and the vars store.
struct MatrixFixture: Sendable {
    /// The manifest's variable parts: which stemcell, which disk size.
    struct Configuration: Sendable, Equatable {
        var stemcell = 1
        var diskSize = 1024
    }

    let root: String
    let home: String
    let cloud: String
    let ip: String
    let deployer: String
    let localCPI: String
    private let template: String
    private let stemcells: [Int: (url: String, sha1: String)]

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    var statePath: String { root + "/manifest-state.json" }

    /// Builds the artifacts under a new temporary directory.
    /// - Throws: `MatrixError` when the build script fails.
    static func make() async throws -> MatrixFixture {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("deployer-faults-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let home = root + "/home", cloud = root + "/cloud"
        let bin = BuiltProducts.directory
        let script = packageRoot.appendingPathComponent("scripts/build-local-cloud").path
        var stemcells: [Int: (url: String, sha1: String)] = [:]
        for version in [1, 2] {
            let build = try await MatrixCommand.run(
                "/bin/bash", [script, "--bin-dir", bin, root + "/artifacts-\(version)"], in: root,
                environment: ["DEPLOYER_HOME": home, "LOCAL_CLOUD_ROOT": cloud, "STEMCELL_VERSION": "\(version).0"])
            guard build.succeeded else { throw MatrixError("build-local-cloud failed:\n\(build.output)") }
            let variables = try String(contentsOfFile: root + "/artifacts-\(version)/artifacts.yml", encoding: .utf8)
            stemcells[version] = (value(of: "stemcell_url", in: variables), value(of: "stemcell_sha1", in: variables))
        }
        // 127.30–90.x: away from the end-to-end suite's 127.100–250.x, which may run alongside.
        let network = "127.\(Int.random(in: 30...90)).\(Int.random(in: 1...250))"
        let ip = "\(network).\(Int.random(in: 2...250))"
        let example = packageRoot.appendingPathComponent("examples/local/manifest.yml")
        let template = try String(contentsOf: example, encoding: .utf8)
            .replacingOccurrences(of: "127.0.10.2", with: ip)
            .replacingOccurrences(of: "127.0.10.0/24", with: "\(network).0/24")
            .replacingOccurrences(of: "127.0.10.1", with: "\(network).1")
        return MatrixFixture(
            root: root, home: home, cloud: cloud, ip: ip, deployer: BuiltProducts.deployerWithFaults,
            localCPI: bin + "/local-cpi",
            template: template, stemcells: stemcells)
    }

    /// The value of `name: value` (quotes removed) in a variables file.
    private static func value(of name: String, in text: String) -> String {
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            return line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        }
        return ""
    }

    /// Writes `manifest.yml` for `configuration`.
    func writeManifest(_ configuration: Configuration) throws {
        let stemcell = stemcells[configuration.stemcell] ?? (url: "", sha1: "")
        let manifest =
            template
            .replacingOccurrences(of: "((stemcell_url))", with: "'\(stemcell.url)'")
            .replacingOccurrences(of: "((stemcell_sha1))", with: stemcell.sha1)
            .replacingOccurrences(of: "disk_size: 1024", with: "disk_size: \(configuration.diskSize)")
        try manifest.write(toFile: root + "/manifest.yml", atomically: true, encoding: .utf8)
    }

    /// `deployer <command> manifest.yml --vars-store creds.yml -l artifacts.yml <extra>`.
    func deployer(
        _ command: String, _ extra: [String] = [], environment: [String: String] = [:],
        timeout: Duration = .seconds(240)
    ) async throws -> MatrixRunResult {
        let arguments = [
            command, "manifest.yml", "--vars-store", "creds.yml", "-l", root + "/artifacts-1/artifacts.yml",
        ]
        return try await MatrixCommand.run(
            deployer, arguments + extra, in: root,
            environment: environment.merging(["DEPLOYER_HOME": home, "LOCAL_CLOUD_ROOT": cloud]) { new, _ in new },
            timeout: timeout)
    }

    /// The inventory next to the state.
    func snapshot() async throws -> CloudSnapshot {
        try await CloudSnapshot.take(localCPI: localCPI, root: cloud, statePath: statePath, in: root)
    }

    /// Every generated secret of the vars store as text that must never be printed: the mbus
    /// password and each base64 line of the private keys.
    func secrets() async throws -> [String] {
        var secrets: [String] = []
        for path in ["/mbus_bootstrap_password", "/default_ca/private_key", "/mbus_bootstrap_ssl/private_key"] {
            let read = try await MatrixCommand.run(deployer, ["interpolate", "creds.yml", "--path", path], in: root)
            guard read.succeeded else {
                throw MatrixError("reading \(path) from the vars store failed: \(read.output)")
            }
            let lines = read.output.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-----") }
            secrets += lines.filter { $0.count >= 16 }
        }
        return secrets
    }

    /// Removes leaked resources by hand so the next cell starts clean: stops their agents and
    /// deletes their directories (the driver owns this test cloud).
    func removeByHand(_ cids: [String], snapshot: CloudSnapshot) {
        var pids = snapshot.orphanPids
        for cid in cids { pids += snapshot.pids[cid] ?? [] }
        for pid in pids where pid > 1 { kill(pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(10)
        while pids.contains(where: { kill($0, 0) == 0 }) && Date() < deadline { usleep(50_000) }
        for pid in pids where pid > 1 && kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        for cid in cids {
            for kind in ["vms", "disks", "stemcells"] {
                try? FileManager.default.removeItem(atPath: "\(cloud)/\(kind)/\(cid)")
            }
        }
    }

    /// Processes whose command line mentions the fixture's root (agents, jobs, CPIs).
    func leftoverProcesses() -> [Int32] {
        processes(mentioning: root)
    }

    /// Deletes the deployment, stops what is left and removes the directory.
    func tearDown() async {
        _ = try? await deployer("delete")
        for pid in leftoverProcesses() { kill(pid, SIGKILL) }
        try? FileManager.default.removeItem(atPath: root)
    }
}

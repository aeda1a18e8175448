import DeployerTestSupport
import Foundation
import Testing

/// The fault switches themselves, with the real binaries: `local-cpi`'s plan file fires in
/// order, counts `skip` and `times`, logs what fired and is removed once spent; the deployer
/// refuses a kill switch it does not understand instead of running without the fault.
@Suite struct FaultSwitchTests {
    private let bin = BuiltProducts.directory

    /// A local cloud root and its `cpi.json`, removed when the returned directory goes.
    private func temporaryRoot() throws -> TemporaryDirectory {
        let scratch = try TemporaryDirectory("deployer-switch")
        try FileManager.default.createDirectory(atPath: scratch.path + "/cloud", withIntermediateDirectories: true)
        try scratch.write("cpi.json", "{\"root_dir\": \"\(scratch.path)/cloud\"}")
        return scratch
    }

    /// One `has_vm` request for a VM that does not exist (normally answered `false`).
    private func hasVM(_ root: String) async throws -> MatrixRunResult {
        let request = root + "/request.json"
        try #"{"method":"has_vm","arguments":["vm-none"],"context":{"director_uuid":"d"}}"#
            .write(toFile: request, atomically: true, encoding: .utf8)
        return try await MatrixCommand.run(
            "/bin/sh", ["-c", "exec \"$0\" --config \"$1\" < \"$2\"", bin + "/local-cpi", root + "/cpi.json", request],
            in: root, timeout: .seconds(30))
    }

    @Test func theCPIPlanFiresInOrderAndIsRemovedOnceSpent() async throws {
        let scratch = try temporaryRoot()
        let root = scratch.path
        let plan = #"[{"method":"has_vm","kind":"error","skip":1},{"method":"*","kind":"garbage","times":1}]"#
        try plan.write(toFile: root + "/cloud/cpi-faults.json", atomically: true, encoding: .utf8)

        let passed = try await hasVM(root)
        #expect(passed.succeeded && passed.output.contains(#""result":false"#), "\(passed.output)")
        let failed = try await hasVM(root)
        #expect(failed.succeeded && failed.output.contains("injected fault: has_vm failed"), "\(failed.output)")
        #expect(failed.output.contains("Bosh::Clouds::CloudError"))
        let garbage = try await hasVM(root)
        #expect(garbage.succeeded && !garbage.output.hasPrefix("{"), "\(garbage.output)")
        #expect(!FileManager.default.fileExists(atPath: root + "/cloud/cpi-faults.json"), "a spent plan is removed")
        let normal = try await hasVM(root)
        #expect(normal.output.contains(#""result":false"#), "\(normal.output)")

        let log = try String(contentsOfFile: root + "/cloud/faults.log", encoding: .utf8)
        let kinds = log.split(separator: "\n").map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
        #expect(kinds == ["cpi has_vm error", "cpi has_vm garbage"])
    }

    @Test func aCrashExitsWithoutAnAnswer() async throws {
        let scratch = try temporaryRoot()
        let root = scratch.path
        try #"[{"method":"has_vm","kind":"crash"}]"#.write(
            toFile: root + "/cloud/cpi-faults.json", atomically: true, encoding: .utf8)

        let crashed = try await hasVM(root)

        #expect(crashed.status == 70)
        #expect(crashed.output == "local-cpi: injected crash in has_vm\n")
    }

    @Test(arguments: [
        ["DEPLOYER_FAULT_KILL_AT": "zero"], ["DEPLOYER_FAULT_KILL_AT": "0"],
        ["DEPLOYER_FAULT_KILL_AT": "3", "DEPLOYER_FAULT_KILL_WHEN": "later"],
    ])
    func theDeployerRefusesASwitchItDoesNotUnderstand(environment: [String: String]) async throws {
        let scratch = try temporaryRoot()
        let root = scratch.path
        let example = MatrixFixture.packageRoot.appendingPathComponent("examples/local/manifest.yml").path

        let run = try await MatrixCommand.run(
            BuiltProducts.deployerWithFaults,
            ["deploy", example, "--state", root + "/state.json", "--vars-store", root + "/creds.yml"],
            in: root, environment: environment.merging(["DEPLOYER_HOME": root + "/home"]) { new, _ in new },
            timeout: .seconds(60))

        #expect(run.status == 64, "\(run.output)")
        let variable =
            environment.keys.contains("DEPLOYER_FAULT_KILL_WHEN")
            ? "DEPLOYER_FAULT_KILL_WHEN" : "DEPLOYER_FAULT_KILL_AT"
        #expect(run.output.contains("deployer: \(variable)="), "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: root + "/state.json"), "the run went on")
    }

    /// The fault switch lives in the test-only `DeployerWithFaults`: the shipped `deployer`
    /// does not know the variables and runs as if they were unset.
    @Test func theShippedDeployerHasNoFaultSwitch() async throws {
        let scratch = try temporaryRoot()
        let root = scratch.path
        let example = MatrixFixture.packageRoot.appendingPathComponent("examples/local/manifest.yml").path

        let run = try await MatrixCommand.run(
            bin + "/deployer",
            ["deploy", example, "--state", root + "/state.json", "--vars-store", root + "/creds.yml"],
            in: root, environment: ["DEPLOYER_HOME": root + "/home", "DEPLOYER_FAULT_KILL_AT": "zero"],
            timeout: .seconds(60))

        #expect(run.status != 64, "\(run.output)")
        #expect(!run.output.contains("DEPLOYER_FAULT_KILL_AT"), "\(run.output)")
        let count = "nm \"$1\" | grep -c FaultInjection || true"
        let symbols = try await MatrixCommand.run(
            "/bin/sh", ["-c", count, "sh", bin + "/deployer"], in: root, environment: [:], timeout: .seconds(60))
        #expect(
            symbols.output.trimmingCharacters(in: .whitespacesAndNewlines) == "0",
            "the shipped deployer links fault injection")
        let control = try await MatrixCommand.run(
            "/bin/sh", ["-c", count, "sh", BuiltProducts.deployerWithFaults], in: root, environment: [:],
            timeout: .seconds(60))
        #expect(
            (Int(control.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 0, "the check sees the symbols"
        )
    }
}

import CPIProtocol
import Deployer
import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import DeployerCLI

/// `--json` in process: every line a command writes is one JSON object with the schema
/// version, and every run ends with exactly one `result` carrying the exit status, after an
/// `error` when it failed, also when it fails before any step or on its arguments.
@Suite(.serialized) final class JSONEventStreamTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var events: [[String: Any]]
    }

    let directory: String

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("json-events-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs `deployer ARGUMENTS` in process and, with `--json`, parses every line of its
    /// standard output.
    func run(_ arguments: [String]) async throws -> Run {
        let run = await InProcessRun.run(arguments)
        var events: [[String: Any]] = []
        let lines =
            arguments.contains("--json") ? run.stdout.split(separator: "\n", omittingEmptySubsequences: false) : []
        for line in lines.dropLast() {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            events.append(try #require(object, "not a JSON object: \(line)"))
        }
        #expect(run.stdout.isEmpty || run.stdout.hasSuffix("\n"))
        return Run(status: run.status, stdout: run.stdout, stderr: run.stderr, events: events)
    }

    /// Expects the stream to end with its only `result`, of `outcome` and `status`, and every
    /// event to carry the schema version.
    func expectResult(
        _ run: Run, _ outcome: String, _ status: Int32, command: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(run.status == status, "\(run.stdout)", sourceLocation: sourceLocation)
        #expect(run.stderr.isEmpty, "stderr: \(run.stderr)", sourceLocation: sourceLocation)
        #expect(
            run.events.allSatisfy { $0["schema_version"] as? Int == NDJSONLine.currentSchemaVersion },
            sourceLocation: sourceLocation)
        let results = run.events.filter { $0["event"] as? String == "result" }
        #expect(results.count == 1, "\(run.stdout)", sourceLocation: sourceLocation)
        let last = run.events.last
        #expect(last?["event"] as? String == "result", sourceLocation: sourceLocation)
        #expect(last?["outcome"] as? String == outcome, sourceLocation: sourceLocation)
        #expect(last?["exit_code"] as? Int == Int(status), sourceLocation: sourceLocation)
        #expect(last?["command"] as? String == command, sourceLocation: sourceLocation)
        #expect(last?["duration_seconds"] is Double, sourceLocation: sourceLocation)
    }

    func error(of run: Run) -> [String: Any]? {
        run.events.first { $0["event"] as? String == "error" }
    }

    @Test func interpolateWritesItsDocumentAsAnEvent() async throws {
        try "a: ((x))\n".write(toFile: directory + "/m.yml", atomically: true, encoding: .utf8)
        let run = try await run(["int", directory + "/m.yml", "-v", "x=1", "--json"])
        expectResult(run, "succeeded", 0, command: "interpolate")
        #expect(run.events.count == 2)
        #expect(run.events.first?["event"] as? String == "interpolated")
        #expect(run.events.first?["output"] as? String == "a: 1\n")
    }

    @Test func aFailedInterpolationIsAnErrorEventThenTheResult() async throws {
        let run = try await run(["interpolate", directory + "/missing.yml", "--json"])
        expectResult(run, "failed", 1, command: "interpolate")
        #expect(run.events.count == 2)
        let message = try #require(error(of: run)?["message"] as? String)
        #expect(message.contains("missing.yml"))
    }

    @Test func textModeKeepsBoshCLIsFailureOutput() async throws {
        let run = try await run(["interpolate", directory + "/missing.yml"])
        #expect(run.status == 1)
        #expect(run.stdout == "\n")
        #expect(run.stderr.contains("missing.yml") && run.stderr.hasSuffix("\nExit code 1\n"))
    }

    @Test func createReleaseReportsTheTarball() async throws {
        let release = BuiltProducts.packageRoot.appendingPathComponent("examples/local/app-release").path
        let tarball = directory + "/notes.tgz"
        let run = try await run(["create-release", release, "--tarball", tarball, "--json"])
        expectResult(run, "succeeded", 0, command: "create-release")
        let created = try #require(run.events.first { $0["event"] as? String == "release_created" })
        #expect(created["name"] as? String == "notes-service")
        #expect(created["tarball"] as? String == tarball)
        #expect((created["sha1"] as? String)?.isEmpty == false)
        #expect(FileManager.default.fileExists(atPath: tarball))
    }

    @Test func aFailedCreateReleaseIsAnErrorEvent() async throws {
        let run = try await run(["create-release", directory + "/nope", "--tarball", directory + "/x.tgz", "--json"])
        expectResult(run, "failed", 1, command: "create-release")
        #expect((error(of: run)?["message"] as? String)?.hasPrefix("Creating release from ") == true)
    }

    @Test(arguments: [
        (["deploy", "m.yml", "--json", "--parallel", "0"], "deploy"),  // refused by validate()
        (["create-env", "--json"], "deploy"),  // a missing argument, through an alias
        (["plan", "m.yml", "--json", "--nope"], "plan"),  // an unknown flag
        (["--json", "nope"], "deployer"),  // an unknown command
    ])
    func usageErrorsWithJSONAreEventsToo(_ arguments: [String], _ command: String) async throws {
        let run = try await run(arguments)
        expectResult(run, "failed", 1, command: command)
        #expect(run.events.count == 2)
        #expect((error(of: run)?["message"] as? String)?.isEmpty == false)
        #expect((error(of: run)?["advice"] as? String)?.contains("--help") == true)
    }

    @Test func helpStaysTextWithJSON() async throws {
        let help = await InProcessRun.run(["deploy", "--help", "--json"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: deployer deploy"))
    }
}

/// The NDJSON form of what commands report besides their steps.
@Suite struct CommandEventLineTests {
    private func object(_ event: CommandEvent) throws -> [String: Any] {
        let text = NDJSONLine(event: event, time: Date(timeIntervalSince1970: 0), redact: { $0 }).jsonText()
        return try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aPlanIsItsVerdictThenOneEventPerStep() throws {
        let plan = Plan.changes([
            PlanStep(.recreateVM(instance: "bosh/0", cid: VMCID("vm-1")), reasons: ["stemcell changed 1.0 → 1.1"]),
            PlanStep(.migrateDisk(cid: DiskCID("disk-1"), fromSize: 1024, toSize: 2048), reasons: ["size 1024 → 2048"]),
            PlanStep(.uploadStemcell(ArtifactVersion(name: "st", version: "1.1")), reasons: []),
        ])
        let events = try PlanRenderer.events(plan).map(object)
        #expect(events.map { $0["event"] as? String } == ["plan", "plan_step", "plan_step", "plan_step"])
        #expect(events[0]["has_changes"] as? Bool == true)
        #expect(events[0]["up_to_date"] as? Bool == false)
        #expect(events[0]["step_count"] as? Int == 3)
        #expect(events[1]["index"] as? Int == 1)
        #expect(events[1]["action"] as? String == "recreate_vm")
        #expect(events[1]["subject"] as? String == "bosh/0")
        #expect(events[1]["cid"] as? String == "vm-1")
        #expect(events[1]["reasons"] as? [String] == ["stemcell changed 1.0 → 1.1"])
        #expect(events[1]["description"] as? String == "VM will be recreated: stemcell changed 1.0 → 1.1")
        #expect(events[2]["action"] as? String == "migrate_disk")
        #expect(events[2]["from_size_mib"] as? Int == 1024)
        #expect(events[2]["to_size_mib"] as? Int == 2048)
        #expect(events[3]["subject"] as? String == "st/1.1")
        #expect(events[3]["reasons"] as? [String] == [])
    }

    @Test func anUpToDatePlanSaysSo() throws {
        let events = try PlanRenderer.events(.noChanges).map(object)
        #expect(events.count == 1)
        #expect(events[0]["up_to_date"] as? Bool == true)
        #expect(events[0]["message"] as? String == Plan.noChangesMessage)
    }

    @Test func errorAndResultCarryTheirFieldsAndTheSchemaVersion() throws {
        let text = NDJSONLine(
            event: .result(command: "deploy", outcome: .interrupted, exitCode: 130, duration: .milliseconds(61_500)),
            time: Date(timeIntervalSince1970: 0), redact: { $0 }
        ).jsonText()
        #expect(
            text
                == #"{"command":"deploy","duration":"00:01:01","duration_seconds":61.5,"event":"result","exit_code":130,"outcome":"interrupted","schema_version":1,"time":"1970-01-01T00:00:00.000Z"}"#
        )
        let error = try object(.error(command: "stop", message: "stop failed: x", advice: "Fix it."))
        #expect(error["message"] as? String == "stop failed: x")
        #expect(error["advice"] as? String == "Fix it.")
        #expect(try object(.error(command: "stop", message: "m", advice: nil))["advice"] == nil)
    }

    @Test func errorMessagesAreRedacted() {
        let text = NDJSONLine(
            event: .error(command: "deploy", message: "bad hunter2", advice: "hunter2 again"), time: Date(),
            redact: { $0.replacingOccurrences(of: "hunter2", with: "<redacted>") }
        ).jsonText()
        #expect(!text.contains("hunter2"))
    }
}

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
        try await LocalCloudFixture.withDeployment { cloud in
            // plan writes nothing: the variables deploy would generate are named, not stored.
            let firstPlan = try await cloud.deployer("plan")
            #expect(firstPlan.status == 2, "plan should report changes:\n\(firstPlan.output)")
            #expect(
                firstPlan.output.contains("Variables deploy will generate in the vars store: "), "\(firstPlan.output)")
            #expect(firstPlan.output.contains("mbus_bootstrap_password"), "\(firstPlan.output)")
            #expect(!FileManager.default.fileExists(atPath: cloud.root + "/creds.yml"), "plan wrote the vars store")
            #expect(!FileManager.default.fileExists(atPath: cloud.statePath), "plan wrote a state file")

            let first = try await cloud.deployer("deploy", "--log-level", "debug", "--log-file", "debug.log")
            try #require(first.succeeded, "first deploy failed:\n\(first.output)")
            // The home holds the rendered CPI configuration with the mbus password.
            let homeMode =
                try FileManager.default.attributesOfItem(atPath: cloud.root + "/home")[.posixPermissions] as? Int
            #expect(homeMode == 0o700, "DEPLOYER_HOME was created with mode \(String(homeMode ?? 0, radix: 8))")
            #expect(first.output.contains("Creating VM for instance 'notes/0'"))
            #expect(first.output.hasSuffix("Succeeded\n"))

            let answer = try await cloud.get("/")
            #expect(answer.succeeded, "the notes service did not answer: \(answer.output)")
            #expect(answer.output.contains("Hello from the local cloud"))

            // The state keeps the manifest's fingerprint: paths, and keyed digests of no use
            // without this machine's key (checked with every generated secret below).
            let stateText = try String(contentsOfFile: cloud.statePath, encoding: .utf8)
            #expect(stateText.contains("\"/instance_groups/name=notes/jobs/name=notes/properties/notes/greeting\""))
            #expect(!stateText.contains("Hello from the local cloud"))

            try await expectEveryCommandStreamsEvents(on: cloud)

            let second = try await cloud.deployer("deploy")
            #expect(second.succeeded, "second deploy failed:\n\(second.output)")
            #expect(second.output.contains("No deployment, stemcell or release changes. Skipping deploy."))
            #expect(!second.output.contains("Creating VM"))

            let plan = try await cloud.deployer("plan")
            #expect(plan.status == 0, "plan should report no changes:\n\(plan.output)")

            let delete = try await cloud.deployer("delete", "--json")
            let deleteEvents = try EventStream(delete, command: "delete", status: 0)
            #expect(!deleteEvents.events(of: "stage_finished").isEmpty)

            let debugLog = try String(contentsOfFile: cloud.root + "/debug.log", encoding: .utf8)
            #expect(debugLog.contains("create_vm"), "the debug log does not show the CPI calls")
            let mode =
                try FileManager.default.attributesOfItem(atPath: cloud.root + "/debug.log")[.posixPermissions]
                as? Int
            #expect(mode == 0o600)
            // Every run's stdout and stderr (the delete's are JSON events) and the debug log.
            try await cloud.expectNoSecretLeaked(also: [debugLog, stateText])
            #expect(!FileManager.default.fileExists(atPath: cloud.statePath))

            let inventory = try await cloud.inventory()
            #expect(inventory.isEmpty, "the local cloud still holds resources: \(inventory)")
            #expect(cloud.cloudProcesses.isEmpty, "processes of the local cloud are still running")
        }
    }

    /// `--json` on the deployed example: `plan`, `stop`, `start`, `logs` and two failing runs
    /// (one in a step, one before any step) write nothing but events and end with one `result`.
    private func expectEveryCommandStreamsEvents(on cloud: LocalCloudFixture) async throws {
        let plan = try EventStream(try await cloud.deployer("plan", "--json"), command: "plan", status: 0)
        let verdict = try #require(plan.events(of: "plan").first)
        #expect(verdict["up_to_date"] as? Bool == true)
        #expect(plan.events(of: "plan_step").count == verdict["step_count"] as? Int)

        let stop = try EventStream(try await cloud.deployer("stop-env", "--json"), command: "stop", status: 0)
        #expect(!stop.events(of: "stage_started").isEmpty)
        _ = try EventStream(try await cloud.deployer("start", "--json"), command: "start", status: 0)
        let logs = try EventStream(try await cloud.deployer("logs", "--json"), command: "logs", status: 0)
        let tarball = try #require(logs.events(of: "logs_fetched").first?["tarball"] as? String)
        #expect(FileManager.default.fileExists(atPath: tarball))

        let failedStep = try EventStream(
            try await cloud.deployer("deploy", "--json", "-o", "missing-ops.yml"), command: "deploy", status: 1)
        let error = try #require(failedStep.events(of: "error").first)
        #expect((error["message"] as? String)?.contains("missing-ops.yml") == true)
        #expect((error["advice"] as? String)?.isEmpty == false)
        #expect(!failedStep.events(of: "stage_failed").isEmpty)

        let failedEarly = try EventStream(
            try await cloud.deployer("plan", "--json", "--log-level", "loud"), command: "plan", status: 1)
        #expect(failedEarly.events.count == 2, "an error and the result, no step ran")
        #expect((failedEarly.events.first?["message"] as? String)?.contains("loud") == true)
    }
}

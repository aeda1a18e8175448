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

            let second = try await cloud.deployer("deploy")
            #expect(second.succeeded, "second deploy failed:\n\(second.output)")
            #expect(second.output.contains("No deployment, stemcell or release changes. Skipping deploy."))
            #expect(!second.output.contains("Creating VM"))

            let plan = try await cloud.deployer("plan")
            #expect(plan.status == 0, "plan should report no changes:\n\(plan.output)")

            let delete = try await cloud.deployer("delete", "--json")
            #expect(delete.succeeded, "delete failed:\n\(delete.output)")
            #expect(
                delete.output.split(separator: "\n").allSatisfy { $0.hasPrefix("{") }, "not NDJSON:\n\(delete.output)")

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
}

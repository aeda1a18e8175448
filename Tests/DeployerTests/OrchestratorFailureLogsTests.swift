import AgentClient
import DeployerSupport
import Foundation
import Testing

@testable import Deployer

/// A deploy that fails in a job script or with its jobs not running explains itself with the
/// jobs' logs (fakes; the end-to-end tests run it on the local cloud).
@Suite struct OrchestratorFailureLogsTests {
    /// Deploys on fakes set up by `configure`, the agent's blob store handing out a logs
    /// tarball of `files` (without any, text that is no tarball), and checks the failure with
    /// its description.
    private func failedDeploy(
        logs files: [String: String]? = nil, _ configure: (inout OrchestratorHarness) async -> Void,
        check: (OrchestratorHarness, any Error, String) throws -> Void
    ) async throws {
        var harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        let tarball = try LogsTarball()
        defer { tarball.remove() }
        if let files { harness.logsTarball = try tarball.write(files) }
        await configure(&harness)
        var failure: (any Error)?
        do {
            _ = try await harness.deploy()
        } catch {
            failure = error
        }
        let error = try #require(failure, "the deploy succeeded")
        try check(harness, error, String(describing: error))
    }

    private func logsEvent(_ harness: OrchestratorHarness) -> FailureLogs? {
        harness.events.all.lazy.compactMap { event -> FailureLogs? in
            if case .failureLogs(let logs) = event { return logs }
            return nil
        }.first
    }

    @Test func aFailedPreStartShowsItsLogsUnderTheErrorAndKeepsTheTarball() async throws {
        let files = [
            "web/pre-start.stderr.log": "pre-start: cannot open /var/vcap/store/web: permission denied\n",
            "web/pre-start.stdout.log": "preparing the store (mbus password secret)\n",
        ]
        try await failedDeploy(logs: files, { $0.failingScript = "pre-start" }) { harness, error, text in
            #expect(text.contains("1 of 1 pre-start scripts failed. Failed Jobs: web."), "\(text)")
            #expect(text.contains("Logs of instance 'web/0' (pre-start failed on job 'web'); all of them are in '"))
            #expect(
                text.contains(
                    "\n  web/pre-start.stderr.log:\n    pre-start: cannot open /var/vcap/store/web: permission denied"))
            #expect(text.contains("\n  web/pre-start.stdout.log:\n    preparing the store (mbus password <redacted>)"))
            #expect(!text.contains("secret"), "the mbus password leaked: \(text)")
            // The failure itself is intact under the explanation.
            #expect(error.find(AgentError.self) != nil)
            #expect(harness.log.all.contains("agent fetch_logs job web"))
            #expect(harness.events.outcomes.contains("Fetching the logs of instance 'web/0': finished"))

            let logs = try #require(logsEvent(harness))
            #expect(logs.files.map(\.name) == ["web/pre-start.stderr.log", "web/pre-start.stdout.log"])
            #expect(logs.tarball.hasPrefix(harness.directory + "/home/logs/demo-") && logs.tarball.hasSuffix(".tgz"))
            #expect(text.contains(logs.tarball))
            let file = try FileManager.default.attributesOfItem(atPath: logs.tarball)
            #expect((file[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let directory = try FileManager.default.attributesOfItem(atPath: harness.directory + "/home/logs")
            #expect((directory[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        }
    }

    @Test func jobsThatDoNotRunShowTheirOwnLogs() async throws {
        let files = [
            "web/web.stderr.log": "web: out of memory, exiting\n", "web/pre-start.stdout.log": "pre-start was fine\n",
        ]
        try await failedDeploy(logs: files, { $0.jobState = "failing" }) { harness, error, text in
            #expect(text.contains("Instance 'web/0' did not become running"), "\(text)")
            #expect(text.contains("(job 'web' is not running)"))
            #expect(text.contains("\n  web/web.stderr.log:\n    web: out of memory, exiting"))
            #expect(!text.contains("pre-start was fine"))
            #expect(
                error.find(OrchestrationError.self) == .notRunning(instance: "web/0", lastState: "failing", seconds: 1))
            #expect(logsEvent(harness)?.files.map(\.name) == ["web/web.stderr.log"])
        }
    }

    @Test func logsThatCannotBeReadLeaveTheErrorAndOneLine() async throws {
        // No tarball: the fake blob store hands out text.
        try await failedDeploy({ $0.failingScript = "pre-start" }) { harness, error, text in
            let lines = text.split(separator: "\n")
            #expect(lines.count == 2, "\(text)")
            #expect(lines.first?.contains("1 of 1 pre-start scripts failed. Failed Jobs: web.") == true)
            #expect(
                lines.last?.hasPrefix("The logs of instance 'web/0' are in '\(harness.directory)/home/logs/demo-")
                    == true)
            #expect(lines.last?.contains("but could not be read (Tarball '") == true)
            #expect(error.find(AgentError.self) != nil)
            #expect(logsEvent(harness) == nil)
        }
    }

    @Test func logsThatCannotBeFetchedLeaveTheErrorAndOneLine() async throws {
        try await failedDeploy({
            $0.failingScript = "post-start"
            $0.logsTarball = $0.directory + "/missing.tgz"
        }) { harness, _, text in
            #expect(
                text.contains(
                    "1 of 1 post-start scripts failed. Failed Jobs: web.\nThe logs of instance 'web/0' could not be fetched ("
                ),
                "\(text)")
            #expect(text.hasSuffix("`deployer logs` with the same arguments fetches them once the agent answers."))
            #expect(harness.events.outcomes.contains("Fetching the logs of instance 'web/0': failed"))
        }
    }

    @Test func startExplainsAFailedPreStartToo() async throws {
        var harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        let tarball = try LogsTarball()
        defer { tarball.remove() }
        try tarball.write(["web/pre-start.stderr.log": "pre-start: the disk is full\n"])
        _ = try await harness.deploy()
        harness.failingScript = "pre-start"
        harness.logsTarball = tarball.path

        let error = await #expect(throws: (any Error).self) { _ = try await harness.start() }

        let text = error.map { String(describing: $0) } ?? ""
        #expect(text.contains("Logs of instance 'unknown/0' (pre-start failed on job 'web')"), "\(text)")
        #expect(text.contains("    pre-start: the disk is full"))
    }

    @Test func otherFailuresFetchNoLogs() async throws {
        try await failedDeploy({ await $0.cloud.fail("create_vm") }) { harness, _, text in
            #expect(!text.contains("Logs of instance"), "\(text)")
            #expect(!harness.log.all.contains { $0.hasPrefix("agent fetch_logs") })
        }
    }
}

import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

/// A failed deploy explains itself (issue 15 item 5), on the local cloud with the real
/// `deployer`, `local-cpi` and `local-agent`: a job whose pre-start fails and one whose process
/// dies (`Tests/Fixtures/failing-jobs-release`). The deploy fails with the failing job's log
/// lines under the error (redacted), the tarball is kept under `DEPLOYER_HOME/logs`, the NDJSON
/// stream carries the same, and `deployer logs` returns a tarball holding those files.
@Suite(.serialized) struct FailureLogsTests {
    @Test func aFailedPreStartAndADyingProcessShowTheirLogs() async throws {
        try await LocalCloudFixture.withDeployment { cloud in
            try await cloud.useFailingJobs()

            // 1. pre-start fails: its stderr and stdout are shown, the password redacted.
            let first = try await cloud.deployer("deploy")
            #expect(!first.succeeded, "the deploy succeeded:\n\(first.output)")
            #expect(
                first.output.contains("1 of 1 pre-start scripts failed. Failed Jobs: broken_pre_start."),
                "\(first.output)")
            #expect(first.output.contains("Fetching the logs of instance 'failing/0'... Finished"))
            #expect(first.output.contains("Logs of instance 'failing/0' (pre-start failed on job 'broken_pre_start')"))
            #expect(
                first.output.contains(
                    """
                      broken_pre_start/pre-start.stderr.log:
                        pre-start: connecting as admin with password <redacted>
                        pre-start: cannot reach the database at 10.0.0.9:5432 (connection refused)
                      broken_pre_start/pre-start.stdout.log:
                        pre-start: checking the database
                    """))
            let kept = try #require(Self.keptTarball(in: first.output), "no tarball named in:\n\(first.output)")
            #expect(kept.hasPrefix(cloud.deployerHome + "/logs/local-notes-") && kept.hasSuffix(".tgz"))
            let mode = try FileManager.default.attributesOfItem(atPath: kept)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600)
            let keptFiles = try Self.files(in: kept)
            #expect(keptFiles["broken_pre_start/pre-start.stderr.log"]?.contains("cannot reach the database") == true)

            // `deployer logs` returns a tarball holding them.
            let firstLogs = try await cloud.fetchLogs(into: "logs-1")
            #expect(firstLogs["broken_pre_start/pre-start.stderr.log"]?.contains("cannot reach the database") == true)
            #expect(firstLogs["broken_pre_start/pre-start.stdout.log"] == "pre-start: checking the database\n")

            // 2. pre-start passes, the process dies: its own logs are shown, in NDJSON too.
            try cloud.editManifest(replacing: "fail: true", with: "fail: false")
            let second = try await cloud.deployer("deploy", "--json")
            let stream = try EventStream(second, command: "deploy", status: 1)
            let events = stream.events
            let logsEvent = try #require(events.first { $0["event"] as? String == "failure_logs" }, "\(second.output)")
            #expect(logsEvent["instance"] as? String == "failing/0")
            #expect(logsEvent["reason"] as? String == "job 'dying_process' is not running")
            let files = try #require(logsEvent["files"] as? [[String: Any]])
            let stderr = try #require(files.first { $0["file"] as? String == "dying_process/dying_process.stderr.log" })
            #expect(stderr["lines"] as? [String] == ["dying_process: worker crashed: out of memory"])
            #expect(files.contains { $0["file"] as? String == "dying_process/dying_process.stdout.log" })
            #expect(!files.contains { ($0["file"] as? String)?.hasPrefix("broken_pre_start/") == true })
            let tarball = try #require(logsEvent["tarball"] as? String)
            #expect(FileManager.default.fileExists(atPath: tarball))
            // The error event's message carries the same explanation as the text output.
            let message = try #require(stream.events(of: "error").first?["message"] as? String)
            #expect(message.contains("did not become running"))
            #expect(
                message.contains(
                    "dying_process/dying_process.stderr.log:\n    dying_process: worker crashed: out of memory"))

            let secondLogs = try await cloud.fetchLogs(into: "logs-2")
            #expect(
                secondLogs["dying_process/dying_process.stderr.log"] == "dying_process: worker crashed: out of memory\n"
            )
            #expect(secondLogs["dying_process/dying_process.stdout.log"] == "dying_process: worker started\n")

            try await cloud.expectNoSecretLeaked()
        }
    }

    /// The path after `all of them are in '` in a deploy's output.
    static func keptTarball(in output: String) -> String? {
        guard let start = output.range(of: "all of them are in '") else { return nil }
        return output[start.upperBound...].split(separator: "'").first.map(String.init)
    }

    /// The regular files of a tarball, by path, with their text.
    static func files(in tarball: String) throws -> [String: String] {
        var files: [String: String] = [:]
        try LibArchiveReader().forEachEntry(in: tarball) { entry, content in
            guard entry.kind == .file else { return }
            files[entry.normalizedPath] = String(decoding: try content.readAll(limit: 1 << 20), as: UTF8.self)
        }
        return files
    }
}

extension LocalCloudFixture {
    /// Deploys `failing-jobs` (built from its fixture) instead of the notes release: instance
    /// group `failing` with jobs `broken_pre_start` (failing, with the mbus password as its
    /// credential) and `dying_process`, and a watch time that first looks after 2 s.
    /// - Throws: when the release cannot be built or the example manifest changed.
    func useFailingJobs() async throws {
        let source = BuiltProducts.packageRoot.appendingPathComponent("Tests/Fixtures/failing-jobs-release").path
        let release = try await BuiltRelease.create(from: source, tarball: root + "/failing-jobs.tgz")
        try editManifest(
            replacing: "- name: notes-service\n  url: ((notes_release_url))\n  sha1: ((notes_release_sha1))",
            with: "- name: failing-jobs\n  url: file://\(release.tarball)\n  sha1: \(release.sha1)")
        try editManifest(
            replacing: """
                - name: notes
                  instances: 1
                  lifecycle: service
                  jobs:
                  - name: notes
                    release: notes-service
                    properties:
                      notes:
                        port: 8080
                        greeting: Hello from the local cloud
                """,
            with: """
                - name: failing
                  instances: 1
                  lifecycle: service
                  jobs:
                  - name: broken_pre_start
                    release: failing-jobs
                    properties:
                      broken_pre_start:
                        fail: true
                        password: ((mbus_bootstrap_password))
                  - name: dying_process
                    release: failing-jobs
                """)
        try editManifest(
            replacing: "name: local-notes\n", with: "name: local-notes\nupdate:\n  update_watch_time: 2000-4000\n")
    }

    /// `deployer logs --dir <directory>`: the files of the tarball it wrote, by path.
    /// - Throws: when the command fails or writes no tarball.
    func fetchLogs(into directory: String) async throws -> [String: String] {
        try FileManager.default.createDirectory(atPath: root + "/" + directory, withIntermediateDirectories: true)
        let result = try await deployer("logs", "--dir", directory)
        guard result.succeeded else { throw EndToEndError("logs failed:\n\(result.output)") }
        let names = try FileManager.default.contentsOfDirectory(atPath: root + "/" + directory)
        guard let name = names.first(where: { $0.hasPrefix("create-env-vm-logs-") }) else {
            throw EndToEndError("logs wrote no tarball:\n\(result.output)")
        }
        return try FailureLogsTests.files(in: root + "/" + directory + "/" + name)
    }
}

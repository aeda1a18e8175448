import AgentClient
import AgentProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

/// Where job scripts log and what `fetch_logs` ships, as bosh-agent does it
/// (`agent/script/concrete_job_script_provider.go`, `generic_script.go`,
/// `agent/logstarprovider/logs_tar_provider.go`, bosh-utils `generic_cp_copier.go`).
@Suite(.serialized) struct LocalAgentLogsTests {
    @Test func aScriptsStdoutAndStderrGoToTheirOwnLogFiles() async throws {
        try await withAgent { agent in
            let scratch = try TemporaryDirectory("script-logs")
            defer { scratch.remove() }
            let tarball = try TestFiles.tarball(
                [
                    "broken/monit": "",
                    "broken/bin/pre-start": "#!/bin/sh\necho to stdout\necho to stderr >&2\nexit 7\n",
                    "fine/monit": "", "fine/bin/pre-start": "#!/bin/sh\necho all good\n",
                ],
                executables: ["broken/bin/pre-start", "fine/bin/pre-start"], in: scratch)
            let archive = try await agent.blobstore().upload(file: tarball, algorithm: .sha256).reference
            let client = try agent.client()
            try await client.apply(
                ApplySpec(
                    deployment: "d", name: "group", networks: [:],
                    job: JobSpec(
                        name: "group",
                        templates: [
                            PackageReference(name: "broken", version: "1"),
                            PackageReference(name: "fine", version: "1"),
                        ]),
                    renderedTemplatesArchive: archive))

            let error = await #expect(throws: AgentError.self) { try await client.runScript("pre-start") }
            let text = error.map { String(describing: $0) } ?? ""
            #expect(
                text.contains("1 of 2 pre-start scripts failed. Failed Jobs: broken. Successful Jobs: fine."), "\(text)"
            )

            let logs = agent.vmDir + "/sys/log"
            #expect(TestFiles.read(logs + "/broken/pre-start.stdout.log") == "to stdout\n")
            #expect(TestFiles.read(logs + "/broken/pre-start.stderr.log") == "to stderr\n")
            #expect(TestFiles.read(logs + "/fine/pre-start.stdout.log") == "all good\n")
            #expect(TestFiles.read(logs + "/fine/pre-start.stderr.log") == "")
            #expect(!FileManager.default.fileExists(atPath: logs + "/broken/pre-start.log"))
            let file = try FileManager.default.attributesOfItem(atPath: logs + "/broken/pre-start.stderr.log")
            #expect((file[.posixPermissions] as? NSNumber)?.intValue == 0o640)

            // A second run appends, as bosh-agent opens the files with O_APPEND.
            _ = await #expect(throws: AgentError.self) { try await client.runScript("pre-start") }
            #expect(TestFiles.read(logs + "/broken/pre-start.stderr.log") == "to stderr\nto stderr\n")
        }
    }

    @Test(arguments: [
        // No filter: every file (`**/*`).
        ([String](), ["a/sub/y.log", "a/x.log", "b/z.log", "top.log"]),
        // A directory's name: all of it.
        (["a"], ["a/sub/y.log", "a/x.log"]),
        (["a/"], ["a/sub/y.log", "a/x.log"]),
        // `*` stays within one segment; `**` spans any number of them.
        (["*.log"], ["top.log"]),
        (["*/*.log"], ["a/x.log", "b/z.log"]),
        (["**/*.log"], ["a/sub/y.log", "a/x.log", "b/z.log", "top.log"]),
        (["a/**/y.log"], ["a/sub/y.log"]),
        // Alternatives, and several filters.
        (["{a,b}/*.log"], ["a/x.log", "b/z.log"]),
        (["b", "top.log"], ["b/z.log", "top.log"]),
        // Nothing outside the log directory.
        (["../*", "a/../../*"], []),
    ])
    func fetchLogsFiltersLikeBoshAgent(filters: [String], expected: [String]) async throws {
        try await withAgent { agent in
            let scratch = try TemporaryDirectory("fetch-logs")
            defer { scratch.remove() }
            let logs = agent.vmDir + "/sys/log"
            for file in ["a/x.log", "a/sub/y.log", "b/z.log", "top.log"] {
                let path = logs + "/" + file
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data("line of \(file)\n".utf8).write(to: URL(fileURLWithPath: path))
            }
            let blob = try await agent.client().fetchLogs(types: "job", filters: filters)
            let tarball = scratch.url.appendingPathComponent("logs.tgz")
            _ = try await agent.blobstore().download(blobID: blob.blobstoreID, to: tarball, expectedDigest: blob.sha1)
            var files: [String] = []
            try LibArchiveReader().forEachEntry(in: tarball.path) { entry, content in
                guard entry.kind == .file else { return }
                files.append(entry.normalizedPath)
                let text = String(decoding: try content.readAll(limit: 1024), as: UTF8.self)
                #expect(text == "line of \(entry.normalizedPath)\n")
            }
            #expect(files.sorted() == expected, "filters \(filters)")
        }
    }
}

import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import Deployer

/// A logs tarball written the way the agent writes it (`./job/file` members), with chosen
/// modification times.
struct LogsTarball {
    private let scratch: TemporaryDirectory
    var directory: String { scratch.path }

    init() throws {
        scratch = try TemporaryDirectory("failure-logs")
        try FileManager.default.createDirectory(atPath: scratch.path + "/tree", withIntermediateDirectories: true)
    }

    var path: String { directory + "/logs.tgz" }

    /// Writes `files` (path → content) under the tree, each `age` seconds old when given, then the tarball.
    @discardableResult
    func write(_ files: [String: String], ages: [String: Double] = [:]) throws -> String {
        for (name, content) in files {
            let file = directory + "/tree/" + name
            try FileManager.default.createDirectory(
                atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(content.utf8).write(to: URL(fileURLWithPath: file))
            if let age = ages[name] {
                try FileManager.default.setAttributes(
                    [.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: file)
            }
        }
        try LibArchiveWriter().writeTarball(from: directory + "/tree", to: path)
        return path
    }

    func remove() { scratch.remove() }
}

@Suite struct FailureLogReaderTests {
    private let preStart = FailureLogCause.scriptFailed(script: "pre-start", jobs: ["db"])

    private func reader(
        secrets: [String] = [], configure: (inout FailureLogReader) -> Void = { _ in }
    ) -> FailureLogReader {
        let registry = SecretRegistry()
        registry.register(contentsOf: secrets)
        var reader = FailureLogReader(redactor: Redactor(registry: registry))
        configure(&reader)
        return reader
    }

    @Test func aFailedScriptShowsItsStderrThenItsStdoutAndNothingElse() throws {
        let tarball = try LogsTarball()
        defer { tarball.remove() }
        try tarball.write([
            "db/pre-start.stdout.log": "checking the data directory\n",
            "db/pre-start.stderr.log": "pre-start: the data directory is not writable\n",
            "db/db.log": "not this one\n",
            "web/pre-start.stderr.log": "nor this one\n",
        ])
        let files = try reader().read(tarball: tarball.path, cause: preStart)
        #expect(
            files == [
                FailureLogFile(
                    name: "db/pre-start.stderr.log", lines: ["pre-start: the data directory is not writable"],
                    earlierLinesOmitted: false),
                FailureLogFile(
                    name: "db/pre-start.stdout.log", lines: ["checking the data directory"], earlierLinesOmitted: false),
            ])
    }

    @Test func onlyTheLastLinesAreShown() throws {
        let tarball = try LogsTarball()
        defer { tarball.remove() }
        let text = (1...100).map { "line \($0)" }.joined(separator: "\n") + "\n"
        try tarball.write(["db/pre-start.stderr.log": text])
        let file = try #require(try reader().read(tarball: tarball.path, cause: preStart).first)
        #expect(file.lines == (81...100).map { "line \($0)" })
        #expect(file.earlierLinesOmitted)
    }

    @Test func aLargeFileIsReadThroughItsTailWindowOnly() throws {
        let tarball = try LogsTarball()
        defer { tarball.remove() }
        // 3 MiB of lines: only the last `tailBytes` are kept, and a line cut by the window is dropped.
        let text = (1...100_000).map { String(format: "line %06d of a long log", $0) }.joined(separator: "\n") + "\n"
        try tarball.write(["db/pre-start.stderr.log": text])
        let file = try #require(try reader { $0.tailBytes = 100 }.read(tarball: tarball.path, cause: preStart).first)
        #expect(file.lines.last == "line 100000 of a long log")
        #expect(file.lines.count < 5)
        #expect(file.lines.allSatisfy { $0.hasPrefix("line ") })
        #expect(file.earlierLinesOmitted)
    }

    @Test func aFileDeclaredLargerThanTheLimitIsNamedNotRead() throws {
        let tarball = try LogsTarball()
        defer { tarball.remove() }
        try tarball.write(["db/pre-start.stderr.log": String(repeating: "x", count: 5000) + "\n"])
        let file = try #require(
            try reader { $0.maxFileBytes = 1000 }.read(tarball: tarball.path, cause: preStart).first)
        #expect(file.lines == ["(5001 bytes: too large to read here; see the tarball)"])
    }

    @Test func secretsAreRedactedBeforeTheLinesAreCut() throws {
        let tarball = try LogsTarball()
        defer { tarball.remove() }
        let key =
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAsecretkeymaterial\nAAAAsecondline\n-----END RSA PRIVATE KEY-----"
        try tarball.write([
            "db/pre-start.stderr.log": """
            connecting with password hunter2-generated
            db_password: plain-value
            {"token": "abc123"}
            fetching https://admin:urlpass@example.com/x
            \(key)
            done

            """
        ])
        let file = try #require(
            try reader(secrets: ["hunter2-generated"]).read(tarball: tarball.path, cause: preStart).first)
        let text = file.lines.joined(separator: "\n")
        for secret in ["hunter2-generated", "plain-value", "abc123", "urlpass", "secretkeymaterial", "secondline"] {
            #expect(!text.contains(secret), "\(secret) leaked: \(text)")
        }
        #expect(text.contains("connecting with password <redacted>"))
        #expect(file.lines.last == "done")
    }

    @Test func aKeyWhoseBeginLineFellOutOfTheWindowIsRedactedToo() throws {
        let tarball = try LogsTarball()
        defer { tarball.remove() }
        let body = (1...40).map { _ in "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9w" }.joined(
            separator: "\n")
        try tarball.write([
            "db/pre-start.stderr.log":
                "-----BEGIN PRIVATE KEY-----\n\(body)\n-----END PRIVATE KEY-----\nafter the key\n"
        ])
        let file = try #require(try reader { $0.tailBytes = 600 }.read(tarball: tarball.path, cause: preStart).first)
        #expect(!file.lines.contains { $0.contains("QUJDREVG") }, "\(file.lines)")
        #expect(file.lines.last == "after the key")
    }

    @Test func controlCharactersCannotDriveTheTerminal() throws {
        let tarball = try LogsTarball()
        defer { tarball.remove() }
        try tarball.write([
            "db/pre-start.stderr.log": "red \u{1B}[31malert\u{1B}[0m\tand a bell\u{07}\r\n\u{202E}reversed\n"
                + String(repeating: "y", count: 500) + "\n"
        ])
        let file = try #require(try reader().read(tarball: tarball.path, cause: preStart).first)
        #expect(file.lines[0] == "red ?[31malert?[0m\tand a bell?")
        #expect(file.lines[1] == "?reversed")
        #expect(file.lines[2] == String(repeating: "y", count: 300) + "…")
    }

    @Test func filesWithoutALineAreLeftOut() throws {
        let tarball = try LogsTarball()
        defer { tarball.remove() }
        try tarball.write(["db/pre-start.stderr.log": "", "db/pre-start.stdout.log": "\n\n"])
        #expect(try reader().read(tarball: tarball.path, cause: preStart).isEmpty)
    }

    @Test func jobsNotRunningShowTheirNewestLogsWithinTheLimits() throws {
        let tarball = try LogsTarball()
        defer { tarball.remove() }
        try tarball.write(
            [
                "web/web.stderr.log": "web died\n", "web/web.stdout.log": "web started\n", "web/old.log": "old\n",
                "web/older.log": "older\n", "web/pre-start.stderr.log": "a pre-start line\n",
                "db/db.log": "db fine\n", "other/x.log": "not a job of the instance\n",
            ],
            ages: [
                "web/web.stderr.log": 1, "web/web.stdout.log": 2, "web/old.log": 100, "web/older.log": 200,
                "db/db.log": 5,
            ])
        let files = try reader { $0.maxFilesPerJob = 3 }
            .read(tarball: tarball.path, cause: .notRunning(jobs: ["web", "db"]))
        #expect(files.map(\.name) == ["web/web.stderr.log", "web/web.stdout.log", "web/old.log", "db/db.log"])
        let limited = try reader { $0.maxFiles = 2 }.read(
            tarball: tarball.path, cause: .notRunning(jobs: ["web", "db"]))
        #expect(limited.map(\.name) == ["web/web.stderr.log", "web/web.stdout.log"])
    }

    @Test func onlyRegularFilesAreRead() throws {
        let tarball = try LogsTarball()
        defer { tarball.remove() }
        try FileManager.default.createDirectory(
            atPath: tarball.directory + "/tree/db", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: tarball.directory + "/tree/db/pre-start.stderr.log", withDestinationPath: "/etc/passwd")
        try tarball.write(["db/pre-start.stdout.log": "ok\n"])
        let files = try reader().read(tarball: tarball.path, cause: preStart)
        #expect(files.map(\.name) == ["db/pre-start.stdout.log"])
    }

    @Test func aBadTarballIsAnArchiveError() throws {
        let tarball = try LogsTarball()
        defer { tarball.remove() }
        try Data("this is not a tarball".utf8).write(to: URL(fileURLWithPath: tarball.path))
        #expect(throws: ArchiveError.self) { try reader().read(tarball: tarball.path, cause: preStart) }
        // Truncated in the middle of a member.
        try tarball.write(["db/pre-start.stderr.log": String(repeating: "z\n", count: 200_000)])
        let data = try Data(contentsOf: URL(fileURLWithPath: tarball.path))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: tarball.path))
        #expect(throws: ArchiveError.self) { try reader().read(tarball: tarball.path, cause: preStart) }
    }

    @Test func readingStopsAtTheDeadline() throws {
        let tarball = try LogsTarball()
        defer { tarball.remove() }
        try tarball.write(["db/pre-start.stderr.log": "late\n"])
        #expect(throws: FailureLogError.readTimedOut) {
            try reader { $0.deadline = .now - .seconds(1) }.read(tarball: tarball.path, cause: preStart)
        }
    }
}

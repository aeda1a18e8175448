import DeployerTestSupport
import Foundation
import ReleaseCompiler
import Testing

/// Issue 16's demonstration of `export-release` on the local cloud: deploy the example (the
/// VM compiles `notes-server`), export the notes release compiled, delete, then deploy again
/// from an empty `DEPLOYER_HOME` with the exported tarball in the manifest: nothing is
/// compiled on the VM, and the service answers.
@Suite(.serialized)
struct ExportReleaseTests {
    /// `scripts/build-local-cloud`'s defaults: RELEASE_VERSION, and the stemcell's
    /// `operating_system` and STEMCELL_VERSION (examples/local/stemcell/stemcell.MF.template).
    static let release = "notes-service/0+dev.1"
    static let stemcell = "ubuntu-jammy/1.0"

    @Test func anExportedReleaseDeploysFromAnEmptyHomeWithoutCompiling() async throws {
        try await LocalCloudFixture.withDeployment { cloud in
            let first = try await cloud.deployer("deploy", "--json")
            try #require(first.succeeded, "first deploy failed:\n\(first.output)")
            // The control: the first deploy did compile notes-server on the VM.
            let compiledFirst = try EventStream(first, command: "deploy", status: 0)
            #expect(
                compiledFirst.events(of: "stage_finished").contains { Self.isNotesCompile($0) },
                "the first deploy did not compile notes-server:\n\(first.output)")
            #expect(try await agentLog(of: cloud, home: cloud.deployerHome).contains("compile_package"))

            // Export, twice: the same bytes.
            try FileManager.default.createDirectory(
                atPath: cloud.root + "/exported", withIntermediateDirectories: true)
            let exported = try await export(on: cloud)
            #expect(exported.tarball == cloud.root + "/exported/notes-service-0+dev.1-ubuntu-jammy-1.0.tgz")
            #expect(try await export(on: cloud).sha1 == exported.sha1, "a second export gave other bytes")
            let text = try await cloud.run(
                cloud.bin + "/deployer", ["export-release", Self.release, Self.stemcell, "--dir", "exported"])
            try #require(text.succeeded, "export-release failed:\n\(text.output)")
            #expect(text.output.contains("Archive      \(exported.tarball)\n"), "\(text.output)")
            #expect(text.output.contains("Sha1         \(exported.sha1)\n"), "\(text.output)")

            // It reads back as a compiled release for that stemcell.
            let read = try await ReleaseReader().read(tarball: exported.tarball, into: cloud.root + "/read-back")
            #expect(read.manifest.name == "notes-service")
            #expect(read.manifest.packages.isEmpty)
            #expect(read.manifest.compiledPackages.map(\.name) == ["notes-server"])
            #expect(read.manifest.compiledPackages.allSatisfy { $0.stemcell == Self.stemcell })
            #expect(read.jobs.map(\.name) == ["notes"])

            // A stemcell version it was never compiled for is refused, naming the package.
            let refused = try await cloud.run(
                cloud.bin + "/deployer", ["export-release", Self.release, "ubuntu-jammy/2.0", "--dir", "exported"])
            #expect(refused.status == 1, "\(refused.output)")
            #expect(refused.output.contains("never compiled for 'ubuntu-jammy/2.0'"), "\(refused.output)")
            #expect(refused.output.contains("notes-server/"), "\(refused.output)")
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: cloud.root + "/exported")
                    == ["notes-service-0+dev.1-ubuntu-jammy-1.0.tgz"])

            let delete = try await cloud.deployer("delete")
            try #require(delete.succeeded, "delete failed:\n\(delete.output)")

            // A new, empty home, and the manifest pointing at the exported release.
            let freshHome = cloud.root + "/fresh-home"
            try cloud.editManifest(
                replacing: "  url: ((notes_release_url))\n  sha1: ((notes_release_sha1))",
                with: "  url: file://\(exported.tarball)\n  sha1: \(exported.sha1)")
            let second = try await cloud.deployer("deploy", ["--json"], environment: ["DEPLOYER_HOME": freshHome])
            try #require(second.succeeded, "deploy of the exported release failed:\n\(second.output)")
            let events = try EventStream(second, command: "deploy", status: 0)
            let skipped = events.events(of: "stage_skipped").filter { Self.isNotesCompile($0) }
            #expect(skipped.count == 1, "\(second.output)")
            #expect(skipped.allSatisfy { $0["reason"] as? String == "Package already compiled" })
            #expect(!events.events(of: "stage_finished").contains { Self.isNotesCompile($0) }, "\(second.output)")
            let greeting = try await cloud.get("/")
            #expect(greeting.succeeded, "the notes service did not answer: \(greeting.output)")
            #expect(greeting.output.contains("Hello from the local cloud"), "\(greeting.output)")
            let log = try await agentLog(of: cloud, home: freshHome)
            #expect(log.contains("apply"), "the agent log is not the VM's: \(log)")
            #expect(!log.contains("compile_package"), "the agent compiled a package:\n\(log)")

            // The new home kept the packages that came compiled: it exports the very same bytes.
            try FileManager.default.createDirectory(
                atPath: cloud.root + "/re-exported", withIntermediateDirectories: true)
            let again = try await export(on: cloud, into: "re-exported", home: freshHome)
            #expect(again.sha1 == exported.sha1, "the re-export from the new home differs")

            let last = try await cloud.deployer("delete", [], environment: ["DEPLOYER_HOME": freshHome])
            #expect(last.succeeded, "delete failed:\n\(last.output)")
        }
    }

    /// Whether a stage event is the compilation of the notes release's package on the VM.
    private static func isNotesCompile(_ event: [String: Any]) -> Bool {
        (event["stage"] as? String)?.hasPrefix("Compiling package 'notes-server/") == true
    }

    /// `export-release --json` into `directory` (relative to the root): its tarball and digest.
    private func export(
        on cloud: LocalCloudFixture, into directory: String = "exported", home: String? = nil
    ) async throws -> (tarball: String, sha1: String) {
        let run = try await cloud.run(
            cloud.bin + "/deployer", ["export-release", Self.release, Self.stemcell, "--dir", directory, "--json"],
            extraEnvironment: home.map { ["DEPLOYER_HOME": $0] } ?? [:])
        let stream = try EventStream(run, command: "export-release", status: 0)
        let event = try #require(stream.events(of: "release_exported").first, "\(run.output)")
        #expect(event["stemcell"] as? String == Self.stemcell)
        #expect(event["package_count"] as? Int == 1)
        return (try #require(event["tarball"] as? String), try #require(event["sha1"] as? String))
    }

    /// The agent's log on the current VM (`deployer logs --agent`), all files together.
    private func agentLog(of cloud: LocalCloudFixture, home: String) async throws -> String {
        let directory = cloud.root + "/agent-logs-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let logs = try await cloud.deployer(
            "logs", ["--agent", "--dir", directory], environment: ["DEPLOYER_HOME": home])
        try #require(logs.succeeded, "logs --agent failed:\n\(logs.output)")
        let tarball = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first)
        let content = try await cloud.run("/bin/tar", ["-xzOf", directory + "/" + tarball], timeout: .seconds(30))
        try #require(content.succeeded, "\(content.output)")
        return content.output
    }
}

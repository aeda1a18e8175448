import DeployerTestSupport
import Foundation
import Testing

/// Issue 7's state and vars-store faults with the real `deployer`: a corrupted or truncated
/// state file, and a vars store that cannot be written, each fail with one clear error that
/// names the file, and leave the previous files as they were. (A state write that fails half
/// way, as on a full disk, is checked at the end of the fault matrix, which has a deployment
/// to re-deploy: `FaultMatrix.failedStateWrite`.)
@Suite struct StateFileFaultTests {
    /// A directory with the example manifest (no artifacts: these runs stop before needing them).
    private func workspace() throws -> TemporaryDirectory {
        let scratch = try TemporaryDirectory("deployer-statefaults")
        let example = MatrixFixture.packageRoot.appendingPathComponent("examples/local/manifest.yml")
        try FileManager.default.copyItem(atPath: example.path, toPath: scratch.path + "/manifest.yml")
        return scratch
    }

    private var deployer: String { BuiltProducts.executable("deployer") }

    private func deploy(in root: String, varsStore: String = "creds.yml") async throws -> MatrixRunResult {
        try await MatrixCommand.run(
            deployer,
            ["deploy", "manifest.yml", "--vars-store", varsStore, "-v", "local_cloud_root=\(root)/cloud"]
                + ["-v", "local_cpi_release_url=file:///nonexistent/cpi.tgz", "-v", "local_cpi_release_sha1=0"]
                + ["-v", "notes_release_url=file:///nonexistent/notes.tgz", "-v", "notes_release_sha1=0"]
                + ["-v", "stemcell_url=file:///nonexistent/stemcell.tgz", "-v", "stemcell_sha1=0"],
            in: root, environment: ["DEPLOYER_HOME": root + "/home"], timeout: .seconds(60))
    }

    @Test(arguments: ["{\"director_id\": \"d\", \"installation_id\": ", "not json at all\n", "{\"disks\": 7}"])
    func aDamagedStateFileIsAClearErrorAndStaysUntouched(content: String) async throws {
        let scratch = try workspace()
        let root = scratch.path
        try content.write(toFile: root + "/manifest-state.json", atomically: true, encoding: .utf8)
        try "{\"director_id\": \"previous\"}".write(
            toFile: root + "/manifest-state.json.bak", atomically: true, encoding: .utf8)

        let run = try await deploy(in: root)

        #expect(run.status == 1, "\(run.output)")
        let failure = try #require(run.output.split(separator: "\n").first { $0.hasPrefix("deploy failed:") })
        #expect(failure.contains("manifest-state.json"), "\(failure)")
        #expect(
            run.output.contains("manifest-state.json.bak"), "the error does not point at the backup:\n\(run.output)")
        #expect(try String(contentsOfFile: root + "/manifest-state.json", encoding: .utf8) == content)
        #expect(
            try String(contentsOfFile: root + "/manifest-state.json.bak", encoding: .utf8)
                == "{\"director_id\": \"previous\"}")
        #expect(!FileManager.default.fileExists(atPath: root + "/cloud"), "the cloud was touched")
    }

    @Test func aVarsStoreThatCannotBeWrittenIsAClearErrorAndCreatesNothing() async throws {
        let scratch = try workspace()
        let root = scratch.path
        // A path under a regular file cannot be created, even by root (permissions would not
        // stop a test running as root).
        try "a file, not a directory\n".write(toFile: root + "/blocker", atomically: true, encoding: .utf8)

        let run = try await deploy(in: root, varsStore: "blocker/creds.yml")

        #expect(run.status == 1, "\(run.output)")
        let failure = try #require(run.output.split(separator: "\n").first { $0.hasPrefix("deploy failed:") })
        #expect(failure.contains("blocker/creds.yml"), "the error does not name the vars store: \(failure)")
        #expect(try String(contentsOfFile: root + "/blocker", encoding: .utf8) == "a file, not a directory\n")
        #expect(!FileManager.default.fileExists(atPath: root + "/manifest-state.json"), "a state file was written")
        #expect(!FileManager.default.fileExists(atPath: root + "/cloud"), "the cloud was touched")
    }
}

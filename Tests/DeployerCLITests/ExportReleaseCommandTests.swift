import ArgumentParser
import Foundation
import Testing

@testable import DeployerCLI

/// `export-release`'s arguments: bosh-cli's `NAME/VERSION OS/VERSION`, `--dir`, `--job`.
@Suite struct ExportReleaseCommandTests {
    @Test func parsesBoshCLIsArguments() throws {
        let directory = FileManager.default.temporaryDirectory.path
        let command = try #require(
            try DeployerCommand.parseAsRoot([
                "export-release", "notes-service/0+dev.1", "ubuntu-jammy/1.0", "--dir", directory, "--job", "notes",
                "--job", "other",
            ]) as? ExportReleaseCommand)
        #expect(command.release.name == "notes-service" && command.release.version == "0+dev.1")
        #expect(command.stemcell.name == "ubuntu-jammy" && command.stemcell.version == "1.0")
        #expect(command.directory == directory)
        #expect(command.jobs == ["notes", "other"])
        let defaults = try #require(
            try DeployerCommand.parseAsRoot(["export-release", "a/1", "b/2"]) as? ExportReleaseCommand)
        #expect(defaults.directory == nil && defaults.jobs.isEmpty)
    }

    @Test(arguments: [
        (["notes", "ubuntu-jammy/1.0"], "Expected release 'notes' to be in format 'name/version'"),
        (["a/b/c", "ubuntu-jammy/1.0"], "Expected release 'a/b/c' to be in format 'name/version'"),
        (["/1", "ubuntu-jammy/1.0"], "Expected release '/1' to specify non-empty name"),
        (["notes/", "ubuntu-jammy/1.0"], "Expected release 'notes/' to specify non-empty version"),
        (["notes/1", "ubuntu-jammy"], "Expected OS 'ubuntu-jammy' to be in format 'name/version'"),
        (["notes/1", "ubuntu-jammy/"], "Expected OS 'ubuntu-jammy/' to specify non-empty version"),
    ])
    func aBadSlugIsRefusedWithBoshCLIsMessage(arguments: [String], message: String) async {
        let run = await InProcessRun.run(["export-release"] + arguments)
        #expect(run.status == 1)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    @Test func aMissingDirectoryIsRefusedBeforeAnythingRuns() async {
        let run = await InProcessRun.run(["export-release", "notes/1", "ubuntu-jammy/1.0", "--dir", "/nonexistent/x"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("--dir '/nonexistent/x' is not a directory"), "\(run.stderr)")
    }
}

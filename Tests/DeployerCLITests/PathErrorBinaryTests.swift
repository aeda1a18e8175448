import DeployerTestSupport
import Foundation
import Testing

/// The built `deployer` names a bad `--state` or `--log-file` path plainly, never with
/// Foundation's wording.
@Suite(.serialized) struct PathErrorBinaryTests {
    /// `deployer deploy m.yml EXTRA` in `scratch`, with its own home; checks the status and
    /// that no Foundation text is printed.
    private func deploy(_ extra: [String], in scratch: TemporaryDirectory) throws -> String {
        let run = try InterpolateCommandBinaryTests.runBinary(
            ["deploy", "m.yml"] + extra, in: scratch.path, environment: ["DEPLOYER_HOME": scratch.path + "/home"])
        #expect(run.status == 1)
        for foundationText in ["NSCocoaErrorDomain", "couldn’t", "permission"] {
            #expect(!run.stderr.contains(foundationText), "\(run.stderr)")
        }
        return run.stderr
    }

    @Test func aDirectoryAsStateIsNamed() throws {
        let scratch = try TemporaryDirectory("path-errors")
        let state = scratch.path + "/state-dir"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let stderr = try deploy(["--state", state], in: scratch)
        #expect(
            stderr.contains(
                "deploy failed: Reading deployment state file '\(state)': it is a directory; --state must name a file"),
            "\(stderr)")
    }

    @Test func aLogFileInAMissingDirectoryNamesTheDirectory() throws {
        let scratch = try TemporaryDirectory("path-errors")
        let log = scratch.path + "/no-such-dir/deploy.log"
        let stderr = try deploy(["--log-file", log], in: scratch)
        #expect(
            stderr.contains(
                "Cannot write the log file '\(log)': the directory '\(scratch.path)/no-such-dir' does not exist"),
            "\(stderr)")
    }
}

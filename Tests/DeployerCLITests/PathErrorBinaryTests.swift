import DeployerTestSupport
import Foundation
import Testing

/// The built `deployer` names a bad `--state` or `--log-file` path plainly, never with
/// Foundation's wording.
@Suite(.serialized) struct PathErrorBinaryTests {
    @Test func aDirectoryAsStateIsNamed() throws {
        let scratch = try TemporaryDirectory("path-errors")
        let state = scratch.path + "/state-dir"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let run = try InterpolateCommandBinaryTests.runBinary(
            ["deploy", "m.yml", "--state", state], in: scratch.path,
            environment: ["DEPLOYER_HOME": scratch.path + "/home"])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "deploy failed: Reading deployment state file '\(state)': it is a directory; --state must name a file"),
            "\(run.stderr)")
        #expect(!run.stderr.contains("NSCocoaErrorDomain") && !run.stderr.contains("couldn’t"), "\(run.stderr)")
    }

    @Test func aLogFileInAMissingDirectoryNamesTheDirectory() throws {
        let scratch = try TemporaryDirectory("path-errors")
        let log = scratch.path + "/no-such-dir/deploy.log"
        let run = try InterpolateCommandBinaryTests.runBinary(
            ["deploy", "m.yml", "--log-file", log], in: scratch.path,
            environment: ["DEPLOYER_HOME": scratch.path + "/home"])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "Cannot write the log file '\(log)': the directory '\(scratch.path)/no-such-dir' does not exist"),
            "\(run.stderr)")
        #expect(!run.stderr.contains("permission"), "\(run.stderr)")
    }
}

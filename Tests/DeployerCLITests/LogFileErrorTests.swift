import DeployerTestSupport
import Foundation
import Testing

@testable import DeployerCLI

/// A log file that cannot be opened is refused with a reason the operator can act on.
@Suite struct LogFileErrorTests {
    @Test func aMissingDirectoryIsNamedAsMissing() throws {
        let scratch = try TemporaryDirectory("log-file")
        let path = scratch.path + "/no-such-dir/deploy.log"
        let error = try #require(#expect(throws: LogFileError.self) { try DeployLogHandler.Sink(path: path) })
        #expect(
            error.description
                == "Cannot write the log file '\(path)': the directory '\(scratch.path)/no-such-dir' does not exist")
    }

    @Test func aDirectoryIsNamedAsADirectory() throws {
        let scratch = try TemporaryDirectory("log-file")
        let error = try #require(#expect(throws: LogFileError.self) { try DeployLogHandler.Sink(path: scratch.path) })
        #expect(error.description == "Cannot write the log file '\(scratch.path)': it is a directory")
    }

    @Test func aWritableFileIsCreatedPrivate() throws {
        let scratch = try TemporaryDirectory("log-file")
        let path = scratch.path + "/deploy.log"
        let sink = try DeployLogHandler.Sink(path: path)
        sink.write("line\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "line\n")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}

import ArgumentParser
import Foundation
import Testing

@testable import DeployerCLI

/// Usage errors end with bosh-cli's status 1 (its `main.go` fails every error, go-flags' parse
/// errors included, with status 1), not swift-argument-parser's 64; help and the commands' own
/// statuses are unchanged.
@Suite struct UsageExitStatusTests {
    /// The status `deployer` would exit with for `arguments`, or nil when they parse.
    private func status(_ arguments: [String]) -> Int32? {
        do {
            _ = try DeployerCommand.parseAsRoot(arguments)
            return nil
        } catch {
            return DeployerCommand.exitStatus(for: error).rawValue
        }
    }

    @Test(arguments: [
        ["interpolate", "m.yml", "--nope"],  // unknown flag
        ["interpolate"],  // missing argument
        ["deploy", "m.yml", "--parallel", "many"],  // a value the flag cannot take
        ["deploy", "m.yml", "--parallel", "0"],  // refused by validate()
        ["deploy", "m.yml", "extra"],  // an argument too many
        ["no-such-command"],
    ])
    func usageErrorsExitOne(_ arguments: [String]) {
        #expect(status(arguments) == 1)
    }

    @Test func helpAndCommandStatusesAreKept() {
        #expect(DeployerCommand.exitStatus(for: CleanExit.helpRequest()).rawValue == 0)
        #expect(DeployerCommand.exitStatus(for: CleanExit.message("0.1.0")).rawValue == 0)
        #expect(DeployerCommand.exitStatus(for: ExitCode(2)).rawValue == 2)
        #expect(DeployerCommand.exitStatus(for: ExitCode(130)).rawValue == 130)
        #expect(DeployerCommand.exitStatus(for: ExitCode.failure).rawValue == 1)
    }
}

/// The built binary: usage errors, `~` paths, a byte-order mark and a uint64 end to end.
@Suite(.serialized) final class CommandLineBinaryTests {
    let directory: String

    init() throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("cli-binary-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs `deployer ARGS` in the fixture directory with `HOME` set to it.
    func run(_ arguments: [String]) throws -> InterpolateCommandBinaryTests.Run {
        try InterpolateCommandBinaryTests.runBinary(arguments, in: directory, environment: ["HOME": directory])
    }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name))
    }

    @Test func usageErrorsExitOneWithTheParserMessage() throws {
        let unknown = try run(["interpolate", "m.yml", "--nope"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("Unknown option '--nope'"))
        #expect(unknown.stderr.contains("Usage: deployer interpolate"))
        let missing = try run(["deploy"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("Missing expected argument '<manifest>'"))
        let help = try run(["interpolate", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: deployer interpolate"))
    }

    @Test func tildePathsBOMAndUnsignedIntegersEndToEnd() throws {
        try write("m.yml", [0xEF, 0xBB, 0xBF] + Array("a: ((big))\nb: id-((big))\nc: ((ca))\n".utf8))
        try write("ca.pem", Array("pem\n".utf8))
        let result = try run([
            "interpolate", "~/m.yml", "-v", "big=0xFFFFFFFFFFFFFFFF", "--var-file", "ca=~/ca.pem",
        ])
        #expect(result.stderr.isEmpty)
        #expect(result.status == 0)
        #expect(result.stdout == "a: 18446744073709551615\nb: id-18446744073709551615\nc: |\n  pem\n")
    }
}

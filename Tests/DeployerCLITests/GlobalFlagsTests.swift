import ArgumentParser
import Foundation
import Logging
import Testing

@testable import DeployerCLI

/// bosh-cli's global flags and logging variables, as scripts written for bosh-cli use them.
@Suite struct GlobalFlagsTests {
    @Test(arguments: [
        ["deploy", "m.yml"], ["create-env", "m.yml"], ["delete", "m.yml"], ["plan", "m.yml"], ["stop", "m.yml"],
        ["start", "m.yml"], ["interpolate", "m.yml"], ["create-release", "dir", "--tarball", "r.tgz"],
        ["export-release", "notes/1", "ubuntu-jammy/1.0"],
    ])
    func everyCommandAcceptsBoshCLIsGlobalFlags(command: [String]) throws {
        for flags in [["-n", "--tty", "--no-color"], ["--non-interactive"]] {
            _ = try DeployerCommand.parseAsRoot(command + flags)
        }
    }

    @Test func ttyComesFromTheFlagTheTerminalOrBOSH_TTY() throws {
        let plain = try #require(try DeployerCommand.parseAsRoot(["deploy", "m.yml"]) as? DeployCommand).options.global
        let forced = try #require(try DeployerCommand.parseAsRoot(["deploy", "m.yml", "--tty"]) as? DeployCommand)
            .options.global
        #expect(try !plain.wantsTTY(environment: [:], stdoutIsTerminal: false))
        #expect(try plain.wantsTTY(environment: [:], stdoutIsTerminal: true))
        #expect(try forced.wantsTTY(environment: [:], stdoutIsTerminal: false))
        #expect(try plain.wantsTTY(environment: ["BOSH_TTY": "true"], stdoutIsTerminal: false))
        #expect(try !plain.wantsTTY(environment: ["BOSH_TTY": "0"], stdoutIsTerminal: false))
        #expect(throws: ValidationError.self) {
            try plain.wantsTTY(environment: ["BOSH_TTY": "yes"], stdoutIsTerminal: false)
        }
    }

    private func options(_ extra: [String] = []) throws -> DeployOptions {
        try #require(try DeployerCommand.parseAsRoot(["deploy", "m.yml"] + extra) as? DeployCommand).options
    }

    @Test func boshLogLevelTakesBoshCLIsLevelsInAnyCase() throws {
        for (text, level) in [("debug", Logger.Level.debug), ("INFO", .info), ("Warn", .warning), ("error", .error)] {
            #expect(try LogSetup.logSettings(options: options(), environment: ["BOSH_LOG_LEVEL": text]).level == level)
        }
        #expect(try LogSetup.logSettings(options: options(), environment: ["BOSH_LOG_LEVEL": "none"]).level == nil)
        #expect(try LogSetup.logSettings(options: options(), environment: [:]).level == nil)
        #expect {
            try LogSetup.logSettings(options: options(), environment: ["BOSH_LOG_LEVEL": "loud"])
        } throws: { error in
            "\(error)"
                == "Invalid BOSH_LOG_LEVEL value: unknown LogLevel string 'loud', expected one of [DEBUG, INFO, WARN, ERROR, NONE]"
        }
    }

    @Test func flagsWinOverDeployerVariablesOverBoshVariables() throws {
        let environment = ["BOSH_LOG_LEVEL": "error", "DEPLOYER_LOG_LEVEL": "info", "BOSH_LOG_PATH": "/tmp/bosh.log"]
        #expect(try LogSetup.logSettings(options: options(), environment: environment).level == .info)
        #expect(
            try LogSetup.logSettings(options: options(["--log-level", "debug"]), environment: environment).level
                == .debug)
        let bosh = try LogSetup.logSettings(options: options(), environment: environment).path
        #expect(bosh?.file == "/tmp/bosh.log" && bosh?.append == true)
        let flag = try LogSetup.logSettings(options: options(["--log-file", "d.log"]), environment: environment).path
        #expect(flag?.file == "d.log" && flag?.append == false)
        // --log-file alone means a debug log, as before; BOSH_LOG_PATH alone logs nothing, as in bosh-cli.
        #expect(try LogSetup.logSettings(options: options(["--log-file", "d.log"]), environment: [:]).level == .debug)
        #expect(try LogSetup.logSettings(options: options(), environment: ["BOSH_LOG_PATH": "/tmp/x"]).level == nil)
    }

    @Test func boshLogPathIsAppendedToAndKeptPrivate() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bosh-log-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("earlier run\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let sink = try DeployLogHandler.Sink(path: path, append: true)
        sink.write("this run\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "earlier run\nthis run\n")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        _ = try DeployLogHandler.Sink(path: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "")
    }
}

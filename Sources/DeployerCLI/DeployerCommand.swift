import ArgumentParser
import Deployer
import DeployerSupport
import Foundation

/// The `deployer` command line: parses arguments and hands each command to the `Deployer`
/// library; no deployment logic lives here.
public struct DeployerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "deployer",
        abstract: "Bootstrap a single-VM BOSH deployment (such as a BOSH Director) on any cloud with a CPI.",
        version: BuildVersion.text,
        subcommands: [
            InterpolateCommand.self, CreateReleaseCommand.self, ExportReleaseCommand.self, DeployCommand.self,
            DeleteCommand.self, PlanCommand.self,
            StopCommand.self, StartCommand.self, LogsCommand.self, CompletionCommand.self,
        ]
    )

    public init() {}
}

extension DeployerCommand {
    /// Parses `arguments` (the process's own when nil), runs the command with every CPI call,
    /// agent action and blob transfer passing through `interceptor`, and exits with the
    /// status `run(_:)` returns.
    public static func runAndExit(
        _ arguments: [String]? = nil, interceptor: any CallInterceptor = PassThroughInterceptor()
    ) async -> Never {
        let status = await CommandInterception.$current.withValue(interceptor) {
            await run(arguments ?? Array(CommandLine.arguments.dropFirst()))
        }
        Foundation.exit(status)
    }

    /// Parses and runs `arguments`, writing to `CommandOutput.current`, and returns the status
    /// to exit with: swift-argument-parser's `main` without the exit, with bosh-cli's status
    /// for a usage error (`exitStatus(for:)`) and, with `--json`, every outcome as events.
    static func run(_ arguments: [String]) async -> Int32 {
        let clock = SystemDeployClock()
        let command: any ParsableCommand
        do {
            if let unknown = CommandNames.unknownCommandError(in: arguments) { throw unknown }
            command = try await asyncParseAsRoot(arguments)
        } catch {
            return RunReport.parseFailure(error, arguments: arguments, duration: clock.elapsed())
        }
        var failure: (any Error)?
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var command = command
                try command.run()
            }
        } catch {
            failure = error
        }
        return RunReport.end(of: command, failure: failure, duration: clock.elapsed())
    }

    /// The status `deployer` exits with after `error`: what swift-argument-parser gives it,
    /// except that a usage error (an unknown flag, a missing argument, a value a flag cannot
    /// take; `ValidationError`) exits 1 rather than 64. bosh-cli ends every failure, its
    /// go-flags parse errors included, with "Exit code 1" and status 1 (its `main.go` `fail`),
    /// and scripts written for it test for that. A `CommandFailure` exits with its own status.
    public static func exitStatus(for error: any Error) -> ExitCode {
        if let failure = error as? CommandFailure { return failure.status }
        let code = exitCode(for: error)
        return code == .validationFailure ? .failure : code
    }
}

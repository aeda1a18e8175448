import ArgumentParser
import DeployerSupport
import Foundation

/// The `deployer` command line: parses arguments and hands each command to the `Deployer`
/// library; no deployment logic lives here.
public struct DeployerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "deployer",
        abstract: "Bootstrap a single-VM BOSH deployment (such as a BOSH Director) on any cloud with a CPI.",
        version: "0.1.0",
        subcommands: [
            InterpolateCommand.self, CreateReleaseCommand.self, DeployCommand.self, DeleteCommand.self,
            PlanCommand.self,
            StopCommand.self, StartCommand.self, LogsCommand.self,
        ]
    )

    public init() {}
}

extension DeployerCommand {
    /// Parses `arguments` (the process's own when nil), runs the command with every CPI call,
    /// agent action and blob transfer passing through `interceptor`, and exits with
    /// `exitStatus(for:)` when it fails: swift-argument-parser's `main`, except for the status
    /// of a usage error.
    public static func runAndExit(
        _ arguments: [String]? = nil, interceptor: any CallInterceptor = PassThroughInterceptor()
    ) async -> Never {
        let failure = await CommandInterception.$current.withValue(interceptor) { await runCommand(arguments) }
        guard let failure else { exit() }
        let status = exitStatus(for: failure)
        guard status != exitCode(for: failure) else { exit(withError: failure) }
        // The same message and usage text swift-argument-parser prints, then bosh-cli's status.
        FileHandle.standardError.write(Data((fullMessage(for: failure) + "\n").utf8))
        exit(withError: status)
    }

    /// Parses and runs; returns what failed, or nil.
    private static func runCommand(_ arguments: [String]?) async -> (any Error)? {
        do {
            var command = try await asyncParseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return nil
        } catch {
            return error
        }
    }

    /// The status `deployer` exits with after `error`: what swift-argument-parser gives it,
    /// except that a usage error (an unknown flag, a missing argument, a value a flag cannot
    /// take; `ValidationError`) exits 1 rather than 64. bosh-cli ends every failure, its
    /// go-flags parse errors included, with "Exit code 1" and status 1 (its `main.go` `fail`),
    /// and scripts written for it test for that.
    public static func exitStatus(for error: any Error) -> ExitCode {
        let code = exitCode(for: error)
        return code == .validationFailure ? .failure : code
    }
}

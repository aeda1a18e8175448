import ArgumentParser
import Deployer

/// How a run of `deployer` ends on its output: nothing more after a success in text mode, the
/// failure's message on standard error, or with `--json` an `error` event (for a failure) and
/// always one `result` event, the last line of the stream.
enum RunReport {
    /// Reports the end of `command`'s run.
    /// - Returns: the status to exit with.
    static func end(of command: any ParsableCommand, failure: (any Error)?, duration: Duration) -> Int32 {
        let status = failure.map { DeployerCommand.exitStatus(for: $0).rawValue } ?? 0
        let output = CommandOutput.current
        guard let streaming = command as? any EventStreamCommand, streaming.writesJSON else {
            if let failure { writeText(failure, status: status, to: output) }
            return status
        }
        let name = type(of: command).configuration.commandName ?? "deployer"
        let events = output.eventStream()
        var outcome = streaming.successStatuses.contains(status) ? RunOutcome.succeeded : .failed
        if let failure = failure as? CommandFailure {
            events.emit(.error(command: name, message: failure.message, advice: failure.advice))
            outcome = failure.outcome
        } else if let failure, !(failure is ExitCode) {
            events.emit(.error(command: name, message: DeployerCommand.message(for: failure), advice: nil))
        }
        events.emit(.result(command: name, outcome: outcome, exitCode: status, duration: duration))
        return status
    }

    /// Reports arguments that did not parse, or a request for help or the version.
    ///
    /// With `--json` among the arguments a usage error is an `error` event and a `result`:
    /// a program that asked for events gets events even when it got a flag wrong. Help and
    /// the version are text, as asked.
    /// - Returns: the status to exit with.
    static func parseFailure(_ error: any Error, arguments: [String], duration: Duration) -> Int32 {
        let status = DeployerCommand.exitStatus(for: error).rawValue
        let output = CommandOutput.current
        let optionArguments = arguments.prefix { $0 != "--" }
        guard status != 0, optionArguments.contains("--json") else {
            let message = DeployerCommand.fullMessage(for: error)
            if !message.isEmpty { (status == 0 ? output.standardOutput : output.standardError).write(message + "\n") }
            return status
        }
        let name = CommandNames.canonicalName(in: arguments) ?? "deployer"
        let events = output.eventStream()
        events.emit(
            .error(
                command: name, message: DeployerCommand.message(for: error),
                advice: "Run 'deployer \(name == "deployer" ? "" : name + " ")--help' for the command's usage."))
        events.emit(.result(command: name, outcome: .failed, exitCode: status, duration: duration))
        return status
    }

    /// bosh-cli's failure output: a blank line on stdout, then the message, the advice and
    /// `Exit code N` on stderr; other errors as swift-argument-parser prints them.
    private static func writeText(_ failure: any Error, status: Int32, to output: CommandOutput) {
        if let failure = failure as? CommandFailure {
            output.standardOutput.write("\n")
            output.standardError.write(failure.description + "\nExit code \(status)\n")
            return
        }
        let message = DeployerCommand.fullMessage(for: failure)
        guard !message.isEmpty else { return }
        (status == 0 ? output.standardOutput : output.standardError).write(message + "\n")
    }
}

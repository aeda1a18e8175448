import ArgumentParser

/// A command failed and knows how to say so: `DeployerCommand.run(_:)` prints it on standard
/// error as bosh-cli does (a blank line on stdout; the message, the advice and `Exit code N`
/// on stderr), or with `--json` writes it as an `error` event before the `result`.
struct CommandFailure: Error, CustomStringConvertible {
    /// What failed, e.g. `deploy failed: Creating VM: ...`.
    var message: String
    /// What the operator can do next, when there is something to say.
    var advice: String?
    /// `failed`, or `interrupted` after Ctrl-C or SIGTERM.
    var outcome: RunOutcome = .failed
    /// The status the process exits with.
    var status: ExitCode = .failure

    var description: String {
        advice.map { message + "\n" + $0 } ?? message
    }
}

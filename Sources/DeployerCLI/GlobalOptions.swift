import ArgumentParser
import Foundation

/// bosh-cli's global flags that scripts written for it pass to every command: accepted by
/// every `deployer` command with bosh-cli's meaning.
///
/// - `-n` / `--non-interactive` (or `BOSH_NON_INTERACTIVE`): `deployer` never asks for input,
///   so it is always non-interactive; the flag is accepted and changes nothing.
/// - `--tty` (or `BOSH_TTY`): terminal output (progress bars, a compile's running time) even
///   when standard output is not a terminal, e.g. in a CI log.
/// - `--no-color`: `deployer` prints no colour; accepted and changes nothing.
struct GlobalOptions: ParsableArguments {
    @Flag(
        name: [.customShort("n"), .customLong("non-interactive")],
        help: "Don't ask for user input (deployer never does; env BOSH_NON_INTERACTIVE).")
    var nonInteractive = false

    @Flag(name: .customLong("tty"), help: "Force TTY-like output (env BOSH_TTY).")
    var tty = false

    @Flag(name: .customLong("no-color"), help: "Toggle colorized output (deployer prints none).")
    var noColor = false

    /// Whether terminal output is wanted: `--tty`, a true `BOSH_TTY`, or a terminal on stdout.
    /// - Throws: `ValidationError` naming `BOSH_TTY` when its value is not a boolean.
    func wantsTTY(environment: [String: String], stdoutIsTerminal: Bool) throws -> Bool {
        if tty || stdoutIsTerminal { return true }
        return try Self.boolean(environment["BOSH_TTY"], variable: "BOSH_TTY") ?? false
    }

    func validate() throws {
        // go-flags reads a bool option's environment variable with strconv.ParseBool: a value
        // it cannot read is an error, not false.
        let environment = ProcessInfo.processInfo.environment
        for variable in ["BOSH_TTY", "BOSH_NON_INTERACTIVE"] {
            _ = try Self.boolean(environment[variable], variable: variable)
        }
    }

    /// Go's `strconv.ParseBool` of an environment variable; nil when it is unset or empty.
    /// - Throws: `ValidationError` naming the variable and the values it takes.
    static func boolean(_ value: String?, variable: String) throws -> Bool? {
        guard let value, !value.isEmpty else { return nil }
        switch value {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default:
            throw ValidationError("\(variable) must be true or false (or 1, 0, t, f), got '\(value)'")
        }
    }
}

import Deployer
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where the running command writes: the process's standard output and error, or what a test
/// collects when it runs a command in process (`DeployerCommand.run(_:)`).
struct CommandOutput: Sendable {
    /// Progress, answers and the NDJSON stream.
    var standardOutput: any TextOutput
    /// Error messages in text mode, usage errors.
    var standardError: any TextOutput
    /// Whether standard output is a terminal (progress bars, running times).
    var isTerminal: Bool

    /// The output of the running command.
    @TaskLocal static var current = CommandOutput(
        standardOutput: FileHandleTextOutput(handle: .standardOutput),
        standardError: FileHandleTextOutput(handle: .standardError),
        isTerminal: isatty(STDOUT_FILENO) != 0)

    /// An NDJSON stream on standard output.
    func eventStream() -> NDJSONRenderer {
        NDJSONRenderer(output: standardOutput)
    }
}

/// Writes to a file handle, without trapping when the reader went away (`deployer deploy | head`).
struct FileHandleTextOutput: TextOutput {
    let handle: FileHandle

    func write(_ text: String) {
        try? handle.write(contentsOf: Data(text.utf8))
    }
}

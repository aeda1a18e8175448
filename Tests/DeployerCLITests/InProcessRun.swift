@testable import DeployerCLI

/// `deployer ARGUMENTS` run in process, its standard output and error collected.
struct InProcessRun {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Runs `arguments` as the `deployer` executable would, without exiting.
    static func run(_ arguments: [String]) async -> InProcessRun {
        let stdout = CollectingOutput()
        let stderr = CollectingOutput()
        let output = CommandOutput(standardOutput: stdout, standardError: stderr, isTerminal: false)
        let status = await CommandOutput.$current.withValue(output) { await DeployerCommand.run(arguments) }
        return InProcessRun(status: status, stdout: stdout.text, stderr: stderr.text)
    }
}

import ArgumentParser
import Deployer
import Foundation

/// `deployer logs MANIFEST`: the job logs (or with `--agent` the agent's) of the VM the state
/// file records, fetched through its agent into a tarball, as `bosh logs` does for a
/// create-env VM.
public struct LogsCommand: AsyncParsableCommand, EventStreamCommand {
    public static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Download the logs of the VM recorded in the state file as a tarball (like `bosh logs`)."
    )

    @OptionGroup var options: DeployOptions

    @Flag(name: .customLong("agent"), help: "The agent's logs instead of the jobs' logs.")
    var agent = false

    @Option(name: .customLong("dir"), help: "Where to write the tarball (default: the current directory).")
    var directory: String?

    public init() {}

    var writesJSON: Bool { options.json }

    public func validate() throws {
        if let directory, !FileManager.default.fileExists(atPath: directory) {
            throw ValidationError("--dir '\(directory)' does not exist; create it first")
        }
    }

    public func run() async throws {
        let environment = try Environment(options: options)
        let request = DeployRequest(interpolation: options.interpolation)
        let exists = FileManager.default.fileExists(atPath: options.statePath)
        let current = FileManager.default.currentDirectoryPath
        let target = directory.map { $0.hasPrefix("/") ? $0 : current + "/" + $0 } ?? current
        let agentLogs = agent
        let outcome = try await environment.run(command: "logs") { orchestrator, stage in
            try await orchestrator.logs(
                request, store: environment.stateStore(), stateFileExists: exists, directory: target,
                agentLogs: agentLogs, stage: stage)
        }
        if case .fetched(let path) = outcome {
            if options.json {
                environment.report(.logsFetched(tarball: path))
            } else {
                environment.write("Logs: '\(path)'\n")
            }
        }
    }
}

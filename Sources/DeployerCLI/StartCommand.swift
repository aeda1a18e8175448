import ArgumentParser
import Deployer
import Foundation

/// `deployer start MANIFEST` (alias `start-env`): start the jobs on the VM the state file
/// records, through its agent only, and wait until they run.
public struct StartCommand: AsyncParsableCommand, EventStreamCommand {
    public static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start the jobs of the environment recorded in the state file (like `bosh start-env`).",
        aliases: ["start-env"]
    )

    @OptionGroup var options: DeployOptions

    public init() {}

    var writesJSON: Bool { options.json }

    public func run() async throws {
        let environment = try Environment(options: options)
        let request = DeployRequest(interpolation: options.interpolation)
        let exists = FileManager.default.fileExists(atPath: options.statePath)
        _ = try await environment.run(command: "start") { orchestrator, stage in
            try await orchestrator.start(
                request, store: environment.stateStore(), stateFileExists: exists, stage: stage)
        }
    }
}

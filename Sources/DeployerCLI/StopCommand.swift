import ArgumentParser
import Deployer
import Foundation

/// `deployer stop MANIFEST` (alias `stop-env`): stop the jobs on the VM the state file records,
/// through its agent only; the VM, its disks and the state stay as they are.
public struct StopCommand: AsyncParsableCommand, EventStreamCommand {
    public static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the jobs of the environment recorded in the state file (like `bosh stop-env`).",
        aliases: ["stop-env"]
    )

    @OptionGroup var options: DeployOptions

    @Flag(name: .customLong("skip-drain"), help: "Skip the drain scripts of the VM's jobs.")
    var skipDrain = false

    public init() {}

    var writesJSON: Bool { options.json }

    public func run() async throws {
        let environment = try Environment(options: options)
        let request = DeployRequest(interpolation: options.interpolation, skipDrain: skipDrain)
        let exists = FileManager.default.fileExists(atPath: options.statePath)
        _ = try await environment.run(command: "stop") { orchestrator, stage in
            try await orchestrator.stop(request, store: environment.stateStore(), stateFileExists: exists, stage: stage)
        }
    }
}

import ArgumentParser
import Deployer
import Foundation

/// `deployer delete MANIFEST` (alias `delete-env`): delete the VM, disks and stemcells the
/// state file records, then the state file.
public struct DeleteCommand: AsyncParsableCommand, EventStreamCommand {
    public static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete the environment recorded in the state file (like `bosh delete-env`).",
        aliases: ["delete-env"]
    )

    @OptionGroup var options: DeployOptions

    @Flag(name: .customLong("skip-drain"), help: "Skip the drain scripts of the VM's jobs.")
    var skipDrain = false

    @OptionGroup var cpi: CPIRunOptions

    public init() {}

    var writesJSON: Bool { options.json }

    public func run() async throws {
        let environment = try Environment(options: options, tuning: cpi.applied(to: RunTuning()))
        let request = DeployRequest(interpolation: options.interpolation, skipDrain: skipDrain)
        let exists = FileManager.default.fileExists(atPath: options.statePath)
        _ = try await environment.run(command: "delete") { orchestrator, stage in
            try await orchestrator.delete(
                request, store: environment.stateStore(), stateFileExists: exists, stage: stage)
        }
    }
}

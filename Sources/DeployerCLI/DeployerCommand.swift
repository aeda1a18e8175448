import ArgumentParser

/// The `deployer` command line: parses arguments and hands each command to the `Deployer`
/// library; no deployment logic lives here.
public struct DeployerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "deployer",
        abstract: "Bootstrap a single-VM BOSH deployment (such as a BOSH Director) on any cloud with a CPI.",
        version: "0.1.0",
        subcommands: [
            InterpolateCommand.self, CreateReleaseCommand.self, DeployCommand.self, DeleteCommand.self, PlanCommand.self,
            StopCommand.self, StartCommand.self,
        ]
    )

    public init() {}
}

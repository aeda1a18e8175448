import ArgumentParser
import Deployer

/// `deployer deploy MANIFEST` (alias `create-env`): create or update the environment.
public struct DeployCommand: AsyncParsableCommand, EventStreamCommand {
    public static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Create or update the environment described by a manifest (like `bosh create-env`).",
        aliases: ["create-env"]
    )

    @OptionGroup var options: DeployOptions

    @Flag(name: .customLong("recreate"), help: "Recreate the VM even when nothing changed.")
    var recreate = false

    @Flag(name: .customLong("recreate-persistent-disks"), help: "Recreate (migrate to) new persistent disks.")
    var recreatePersistentDisks = false

    @Flag(name: .customLong("skip-drain"), help: "Skip the drain scripts of the old VM's jobs.")
    var skipDrain = false

    @OptionGroup var cpi: CPIRunOptions

    @OptionGroup var agent: AgentTimeoutOption

    public init() {}

    var writesJSON: Bool { options.json }

    /// `--parallel`, `--cpi-timeout` and `--agent-timeout`.
    var tuning: RunTuning {
        var tuning = cpi.applied(to: RunTuning())
        tuning.agentTimeout = .seconds(agent.agentTimeout)
        return tuning
    }

    public func run() async throws {
        let environment = try Environment(options: options, tuning: tuning)
        let request = DeployRequest(
            interpolation: options.interpolation, recreate: recreate,
            recreatePersistentDisks: recreatePersistentDisks, skipDrain: skipDrain)
        _ = try await environment.run(command: "deploy") { orchestrator, stage in
            try await orchestrator.deploy(request, store: environment.stateStore(), stage: stage)
        }
    }
}

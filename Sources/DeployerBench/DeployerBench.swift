import ArgumentParser

/// `deployer-bench`: the Swift halves of the scripts in `Benchmarks/`, one subcommand each.
/// The scripts build it in release mode, run the baselines they compare with, and call it.
@main
struct DeployerBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deployer-bench",
        abstract: "Measurements behind the scripts in Benchmarks/ (no unit test is timed).",
        subcommands: [ExtractCommand.self, BlobCommand.self, CompileCommand.self, DeployCommand.self])
}

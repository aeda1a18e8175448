import ArgumentParser
import Deployer
import Foundation

/// `deployer plan MANIFEST`: what `deploy` would do; exits 0 when nothing would change and 2
/// when something would, or when something needs attention (`--refresh` found the deployment
/// differing from the state, or an interrupted run may have left a resource behind).
public struct PlanCommand: AsyncParsableCommand, EventStreamCommand {
    public static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what `deploy` would change; exit 0 when nothing, 2 when something."
    )

    @OptionGroup var options: DeployOptions

    @Flag(name: .customLong("recreate"), help: "Plan as if --recreate were given.")
    var recreate = false

    @Flag(name: .customLong("recreate-persistent-disks"), help: "Plan as if --recreate-persistent-disks were given.")
    var recreatePersistentDisks = false

    @Flag(
        name: .customLong("refresh"),
        help: "Also ask the CPI whether the VM and disk still exist, and the agent how the jobs are.")
    var refresh = false

    public init() {}

    var writesJSON: Bool { options.json }
    /// 2 says that `deploy` would change something: an answer, not a failure.
    var successStatuses: Set<Int32> { [0, 2] }

    public func run() async throws {
        let environment = try Environment(options: options)
        let request = DeployRequest(
            interpolation: options.interpolation, recreate: recreate, recreatePersistentDisks: recreatePersistentDisks)
        let refresh = self.refresh
        let plan = try await environment.run(command: "plan", printSucceeded: false) { orchestrator, stage in
            try await orchestrator.plan(request, refresh: refresh, store: environment.stateStore(), stage: stage)
        }
        if options.json {
            for event in PlanRenderer.events(plan) { environment.report(event) }
        } else {
            environment.write("\n" + PlanRenderer.text(plan))
        }
        if plan.needsAttention { throw ExitCode(2) }
    }
}

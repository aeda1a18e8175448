import Foundation
import LocalCloudFaults

#if canImport(Glibc)
import Glibc
import Logging
#endif

/// Applies `<cloud root>/agent-faults.json` (see `FaultPlan`) to the agent's actions; the
/// cloud root is two levels above the VM directory (`<root>/vms/<cid>`). Kinds:
/// - `task-fails`: the action fails (an async action's task fails, a sync action answers
///   an exception) with "injected fault: <action> failed";
/// - `disappear`: the agent stops its jobs and exits without answering, as a VM that went
///   away (the CPI still lists the VM; its agent is no longer alive).
/// `get_task` is never faulted: a fault is injected into the action, not its polling.
struct AgentFaultInjector: Sendable {
    let plan: FaultPlan?

    init(layout: VMLayout) {
        let vms = (layout.root as NSString).deletingLastPathComponent
        guard (vms as NSString).lastPathComponent == "vms" else {
            plan = nil
            return
        }
        plan = FaultPlan(
            root: (vms as NSString).deletingLastPathComponent, fileName: "agent-faults.json", consumer: "agent")
    }

    /// The error `method` must fail with, or nil to run it normally. A `disappear` fault does
    /// not return.
    func fault(for method: String, context: AgentContext) async -> LocalAgentError? {
        guard let plan, method != "get_task", let fault = plan.consume(method: method) else { return nil }
        switch fault.kind {
        case "task-fails":
            return LocalAgentError("injected fault: \(method) failed")
        case "disappear":
            context.logger.critical("injected fault: disappearing during '\(method)'")
            await context.tasks.cancelAll()
            try? await context.supervisor.stopAll()
            exit(75)
        default:
            plan.log("agent \(method) unknown-kind-\(fault.kind) \(getpid())")
            return nil
        }
    }
}

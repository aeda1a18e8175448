import AgentProtocol
import DeployerSupport
import Foundation

/// Builds the `get_state` value (spec agent.md §10): the persisted spec with the agent's
/// defaults, plus `agent_id`, `job_state`, `processes` and `vm`.
struct StateReporter: Sendable {
    let context: AgentContext

    func state(full: Bool) async throws -> AgentJSON {
        var state = try context.specStore.load()?.objectValue ?? [:]
        for key in ["networks", "resource_pool", "packages"] where state[key] == nil || state[key] == .null {
            state[key] = .object([:])
        }
        if state["properties"] == nil { state["properties"] = ["logging": ["max_log_file_size": ""]] }
        if state["persistent_disk"] == nil { state["persistent_disk"] = 0 }
        state["agent_id"] = .string(context.settings.agentID)
        let processes = await context.supervisor.processStatuses()
        state["job_state"] = .string(await context.supervisor.jobState(processes))
        if !processes.isEmpty {
            state["processes"] = .array(
                processes.map { process in
                    [
                        "name": .string(process.name), "state": .string(process.state),
                        "uptime": ["secs": .int(Int(process.uptimeSeconds))],
                        "mem": ["kb": 0, "percent": .double(0)], "cpu": ["total": .double(0)],
                    ]
                })
        }
        state["vm"] = ["name": .string(context.settings.vmName ?? context.settings.agentID)]
        if full {
            state["vitals"] = [
                "cpu": ["sys": "0", "user": "0", "wait": "0"], "load": ["0", "0", "0"],
                "mem": ["kb": "0", "percent": "0"], "swap": ["kb": "0", "percent": "0"], "uptime": ["secs": 0],
                "disk": [:],
            ]
        }
        return .object(state)
    }
}

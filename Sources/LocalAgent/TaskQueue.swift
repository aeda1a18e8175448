import AgentProtocol
import DeployerSupport
import Foundation

/// The agent's async tasks: each action answered with `{agent_task_id, state: running}`
/// runs here, one at a time in submission order (the real agent has a single worker), and
/// its outcome stays queryable through `get_task` until the agent exits.
actor TaskQueue {
    /// What `get_task` reports.
    enum Status: Sendable {
        case running
        case done(AgentJSON)
        case failed(String)
    }

    private var statuses: [AgentTaskID: Status] = [:]
    private var tasks: [AgentTaskID: Task<Void, Never>] = [:]
    private var tail: Task<Void, Never>?

    /// Queues `work` behind the running tasks.
    /// - Returns: the new task id (a lowercase UUID).
    func submit(_ work: @escaping @Sendable () async throws -> AgentJSON) -> AgentTaskID {
        let id = AgentTaskID(UUID().uuidString.lowercased())
        statuses[id] = .running
        let previous = tail
        let task = Task {
            await previous?.value
            let outcome: Status
            do {
                try Task.checkCancellation()
                outcome = .done(try await work())
            } catch {
                outcome = .failed(String(describing: error))
            }
            self.finish(id, outcome)
        }
        tasks[id] = task
        tail = task
        return id
    }

    /// The status of task `id`, or `nil` if no such task was submitted since the agent started.
    func status(of id: AgentTaskID) -> Status? {
        statuses[id]
    }

    /// Cancels every queued or running task and waits for them to end (their child
    /// processes are torn down by the cancellation).
    func cancelAll() async {
        let pending = Array(tasks.values)
        for task in pending { task.cancel() }
        for task in pending { await task.value }
    }

    private func finish(_ id: AgentTaskID, _ outcome: Status) {
        statuses[id] = outcome
        tasks[id] = nil
    }
}

import AgentClient
import AgentProtocol

extension InstanceUpdater {
    /// Sleeps the watch time's minimum, then polls `get_state` until the job runs.
    static func waitUntilRunning(
        instance: String, watch: WatchTime, agent: any Agent, pollInterval: Duration
    ) async throws {
        try await Task.sleep(for: .milliseconds(watch.start))
        let window = Duration.milliseconds(max(0, watch.end - watch.start))
        let attempts = max(1, Int(window / pollInterval))
        var last = ""
        for attempt in 0..<attempts {
            last = try await agent.getState().jobState
            if last == "running" { return }
            if attempt + 1 < attempts { try await Task.sleep(for: pollInterval) }
        }
        throw OrchestrationError.notRunning(
            instance: instance, lastState: last, seconds: Int(window.components.seconds))
    }
}

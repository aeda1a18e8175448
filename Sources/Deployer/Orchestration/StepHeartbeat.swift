/// Reports that a long step with no measurable progress is still alive: after a short grace
/// period, one `.elapsed` progress event per interval until the step's work ends.
enum StepHeartbeat {
    /// Runs `body`, reporting `step`'s elapsed time on `stage` while it runs.
    /// - Parameters:
    ///   - interval: time between heartbeats (one second on a terminal).
    ///   - grace: intervals that pass silently first, so quick steps print none.
    /// - Returns: what `body` returned.
    /// - Throws: what `body` threw.
    static func run<T: Sendable>(
        step: String, stage: any Stage, interval: Duration = .seconds(1), grace: Int = 2,
        _ body: @Sendable () async throws -> T
    ) async throws -> T {
        let ticker = Task {
            var ticks = 0
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                ticks += 1
                if ticks >= grace {
                    let elapsed = interval * ticks
                    stage.progress(step, .elapsed(seconds: Int(elapsed.components.seconds)))
                }
            }
        }
        // The ticker is stopped and awaited before the step ends, so no heartbeat follows the
        // step's outcome.
        let result: Result<T, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        ticker.cancel()
        _ = await ticker.result
        return try result.get()
    }
}

/// The `Stage` every command uses: it times steps with an injected clock and turns them into
/// `DeployEvent`s for a sink (terminal, NDJSON, or both).
public struct EventStage: Stage {
    /// Where the events go.
    public let sink: any EventSink
    /// Times each step.
    public let clock: any DeployClock
    /// The enclosing complex stages, outermost first (empty at the top).
    public let path: [String]

    /// Creates a top-level stage, or a nested one when `path` is not empty.
    /// - Parameters:
    ///   - sink: Receives the events.
    ///   - clock: Times the steps; the system clock by default.
    ///   - path: Names of the enclosing complex stages.
    public init(sink: any EventSink, clock: any DeployClock = SystemDeployClock(), path: [String] = []) {
        self.sink = sink
        self.clock = clock
        self.path = path
    }

    public func performStep<T>(
        _ name: String, isolation: isolated (any Actor)?, _ body: () async throws -> StepOutcome<T>
    ) async throws -> StepOutcome<T> {
        sink.emit(.stageStarted(path: path, name: name, kind: .simple))
        let start = clock.elapsed()
        let outcome: StepOutcome<T>
        do {
            outcome = try await body()
        } catch {
            sink.emit(
                .stageFailed(
                    path: path, name: name, kind: .simple, duration: clock.elapsed() - start,
                    error: String(describing: error)))
            throw error
        }
        let duration = clock.elapsed() - start
        switch outcome {
        case .completed:
            sink.emit(.stageFinished(path: path, name: name, kind: .simple, duration: duration))
        case .skipped(let reason):
            sink.emit(.stageSkipped(path: path, name: name, reason: reason, duration: duration))
        }
        return outcome
    }

    public func performComplexStage<T>(
        _ name: String, isolation: isolated (any Actor)?, _ body: (any Stage) async throws -> T
    ) async throws -> T {
        sink.emit(.stageStarted(path: path, name: name, kind: .complex))
        let start = clock.elapsed()
        let nested = EventStage(sink: sink, clock: clock, path: path + [name])
        do {
            let value = try await body(nested)
            sink.emit(.stageFinished(path: path, name: name, kind: .complex, duration: clock.elapsed() - start))
            return value
        } catch {
            sink.emit(
                .stageFailed(
                    path: path, name: name, kind: .complex, duration: clock.elapsed() - start,
                    error: String(describing: error)))
            throw error
        }
    }

    public func progress(_ name: String, _ amount: ProgressAmount) {
        sink.emit(.progress(path: path, name: name, amount: amount))
    }

    public func warn(_ message: String) { sink.emit(.warning(message)) }

    public func info(_ message: String) { sink.emit(.info(message)) }

    public func failureLogs(_ logs: FailureLogs) { sink.emit(.failureLogs(logs)) }
}

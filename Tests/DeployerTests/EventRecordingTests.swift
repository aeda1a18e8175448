import DeployerTestSupport
import Foundation
import Synchronization
import Testing

@testable import Deployer

// Test doubles for the Events API (they live in the test target, not the library), and the
// tests of the doubles themselves.

/// Remembers every event in order.
final class RecordingSink: EventSink {
    private let stored = Mutex<[DeployEvent]>([])
    func emit(_ event: DeployEvent) { stored.withLock { $0.append(event) } }
    var events: [DeployEvent] { stored.withLock { $0 } }
}

/// A `Stage` that runs the bodies and records the step tree (`ui/fakes/fake_stage.go`).
final class RecordingStage: Stage {
    struct Step: Sendable, Hashable {
        var path: [String]
        var name: String
        var kind: StageKind
        /// `finished`, `failed` or `skipped: <reason>`.
        var outcome: String
    }

    private let steps: Mutex<[Step]>
    private let path: [String]
    private let shared: RecordingStage?

    init() {
        steps = Mutex([])
        path = []
        shared = nil
    }

    private init(path: [String], root: RecordingStage) {
        steps = Mutex([])
        self.path = path
        shared = root
    }

    /// Every step that ended, in the order they ended (nested steps before their stage).
    var recorded: [Step] { (shared ?? self).steps.withLock { $0 } }

    private func record(_ step: Step) { (shared ?? self).steps.withLock { $0.append(step) } }

    func performStep<T>(
        _ name: String, isolation: isolated (any Actor)?, _ body: () async throws -> StepOutcome<T>
    ) async throws -> StepOutcome<T> {
        do {
            let outcome = try await body()
            switch outcome {
            case .completed: record(Step(path: path, name: name, kind: .simple, outcome: "finished"))
            case .skipped(let reason):
                record(Step(path: path, name: name, kind: .simple, outcome: "skipped: \(reason)"))
            }
            return outcome
        } catch {
            record(Step(path: path, name: name, kind: .simple, outcome: "failed"))
            throw error
        }
    }

    func performComplexStage<T>(
        _ name: String, isolation: isolated (any Actor)?, _ body: (any Stage) async throws -> T
    ) async throws -> T {
        let nested = RecordingStage(path: path + [name], root: shared ?? self)
        do {
            let value = try await body(nested)
            record(Step(path: path, name: name, kind: .complex, outcome: "finished"))
            return value
        } catch {
            record(Step(path: path, name: name, kind: .complex, outcome: "failed"))
            throw error
        }
    }

    func progress(_ name: String, _ amount: ProgressAmount) {}
    func warn(_ message: String) {}
    func info(_ message: String) {}
    func failureLogs(_ logs: FailureLogs) {}
}

@Suite struct EventRecordingTests {
    @Test func recordingStageKeepsTheStepTree() async throws {
        let stage = RecordingStage()
        try await stage.performComplex("deploying") { sub in
            try await sub.perform("Creating VM") {}
            try await sub.performOrSkip("Compiling package 'a/1'") {
                StepOutcome<Void>.skipped(reason: "Package already compiled")
            }
        }
        #expect(
            stage.recorded == [
                .init(path: ["deploying"], name: "Creating VM", kind: .simple, outcome: "finished"),
                .init(
                    path: ["deploying"], name: "Compiling package 'a/1'", kind: .simple,
                    outcome: "skipped: Package already compiled"),
                .init(path: [], name: "deploying", kind: .complex, outcome: "finished"),
            ])
    }

    @Test func eventStageEmitsStartAndEndWithMeasuredDurations() async throws {
        let sink = RecordingSink()
        let clock = ManualDeployClock()
        let stage = EventStage(sink: sink, clock: clock)
        let value = try await stage.perform("Uploading stemcell 's/1'") { () -> Int in
            clock.advance(seconds: 2.5)
            return 7
        }
        #expect(value == 7)
        #expect(
            sink.events == [
                .stageStarted(path: [], name: "Uploading stemcell 's/1'", kind: .simple),
                .stageFinished(
                    path: [], name: "Uploading stemcell 's/1'", kind: .simple, duration: .milliseconds(2500)),
            ])
    }

    @Test func eventStageReportsFailuresAndRethrows() async throws {
        let sink = RecordingSink()
        let clock = ManualDeployClock()
        let stage = EventStage(sink: sink, clock: clock)
        await #expect(throws: SampleFailure.self) {
            try await stage.performComplex("deploying") { sub in
                try await sub.perform("Creating VM") {
                    clock.advance(seconds: 1)
                    throw SampleFailure(description: "CPI 'create_vm' failed")
                }
            }
        }
        #expect(
            sink.events == [
                .stageStarted(path: [], name: "deploying", kind: .complex),
                .stageStarted(path: ["deploying"], name: "Creating VM", kind: .simple),
                .stageFailed(
                    path: ["deploying"], name: "Creating VM", kind: .simple, duration: .seconds(1),
                    error: "CPI 'create_vm' failed"),
                .stageFailed(
                    path: [], name: "deploying", kind: .complex, duration: .seconds(1),
                    error: "CPI 'create_vm' failed"),
            ])
    }

    @Test func progressWarningsAndInfoCarryTheStagePath() async throws {
        let sink = RecordingSink()
        let stage = EventStage(sink: sink, clock: ManualDeployClock())
        try await stage.performComplex("validating") { sub in
            sub.progress("Downloading release 'r'", .bytes(done: 10, total: 100))
            sub.warn("careful")
            sub.info("hello")
        }
        #expect(
            sink.events.dropFirst().prefix(3) == [
                .progress(path: ["validating"], name: "Downloading release 'r'", amount: .bytes(done: 10, total: 100)),
                .warning("careful"),
                .info("hello"),
            ])
    }

    @Test func bodiesRunInTheCallersActor() async throws {
        actor Counter {
            var count = 0
            func run(_ stage: any Stage) async throws {
                // Mutating actor state inside the body compiles only because the body stays isolated.
                try await stage.perform("step") { count += 1 }
                try await stage.performComplex("complex") { sub in
                    try await sub.perform("inner") { count += 1 }
                }
            }
        }
        let counter = Counter()
        try await counter.run(EventStage(sink: DiscardingEventSink(), clock: ManualDeployClock()))
        #expect(await counter.count == 2)
    }

    @Test func fanOutSendsToEverySinkInOrder() {
        let first = RecordingSink()
        let second = RecordingSink()
        FanOutEventSink([first, second]).emit(.info("x"))
        #expect(first.events == [.info("x")])
        #expect(second.events == [.info("x")])
    }
}

import Foundation
import Testing

@testable import Deployer

/// A long step with no measurable progress (a 10-minute Ruby build) must show it is alive.
struct StepHeartbeatTests {
    private func isHeartbeat(_ event: DeployEvent) -> Bool {
        if case .progress(_, _, .elapsed) = event { return true }
        return false
    }

    @Test func aLongStepReportsHeartbeatsAndNoneAfterItEnds() async throws {
        let log = EventLog()
        let stage = EventStage(sink: log)
        let step = "Compiling package 'ruby/abc'"
        let value = try await stage.perform(step) {
            try await StepHeartbeat.run(step: step, stage: stage, interval: .milliseconds(5), grace: 1) {
                // Bounded: a heartbeat that never comes fails the expectation below.
                for _ in 0..<2000 where log.all.filter(isHeartbeat).count < 3 {
                    try await Task.sleep(for: .milliseconds(5))
                }
                return 42
            }
        }
        #expect(value == 42)
        let events = log.all
        let beats = events.compactMap { event -> Int? in
            if case .progress(_, let name, .elapsed(let seconds)) = event, name == step { return seconds }
            return nil
        }
        #expect(beats.count >= 3)
        guard case .stageFinished(_, let name, _, _) = events.last else {
            Issue.record("the step's outcome is not the last event: \(events)")
            return
        }
        #expect(name == step)
    }

    @Test func aQuickStepReportsNoHeartbeat() async throws {
        let log = EventLog()
        let stage = EventStage(sink: log)
        let value = try await StepHeartbeat.run(step: "quick", stage: stage, interval: .seconds(1)) { 7 }
        #expect(value == 7)
        #expect(log.all.isEmpty)
    }

    @Test func failuresPassThrough() async throws {
        struct Boom: Error {}
        let stage = EventStage(sink: EventLog())
        await #expect(throws: Boom.self) {
            try await StepHeartbeat.run(step: "s", stage: stage, interval: .milliseconds(1)) { () async throws -> Int in
                throw Boom()
            }
        }
    }
}

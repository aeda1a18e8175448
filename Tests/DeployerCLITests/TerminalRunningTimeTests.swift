import Deployer
import DeployerTestSupport
import Testing

@testable import DeployerCLI

/// On a terminal a long step shows its running time, redrawn on every tick; without one the
/// output stays one finished line at a time.
@Suite struct TerminalRunningTimeTests {
    private func makeRenderer(tty: Bool) -> (TerminalRenderer, ManualDeployClock, CollectingOutput) {
        let output = CollectingOutput()
        let clock = ManualDeployClock()
        return (TerminalRenderer(output: output, isTTY: tty, clock: clock), clock, output)
    }

    @Test func aLongStepShowsItsRunningTimeOnItsOwnLine() {
        let (renderer, clock, output) = makeRenderer(tty: true)
        renderer.emit(.stageStarted(path: ["deploying"], name: "Waiting for the agent", kind: .simple))
        clock.advance(seconds: 1)
        renderer.tick()
        #expect(output.text == "  Waiting for the agent...", "a short step shows no time")
        clock.advance(seconds: 2)
        renderer.tick()
        clock.advance(seconds: 62)
        renderer.tick()
        renderer.emit(
            .stageFinished(path: ["deploying"], name: "Waiting for the agent", kind: .simple, duration: .seconds(65)))
        #expect(
            output.text
                == "  Waiting for the agent..."
                + "\r  Waiting for the agent... running 00:00:03"
                + "\r  Waiting for the agent... running 00:01:05"
                + "\r  Waiting for the agent... Finished (00:01:05)\u{1B}[K\n")
    }

    @Test func aProgressBarGetsTheRunningTimeBesideIt() {
        let (renderer, clock, output) = makeRenderer(tty: true)
        renderer.emit(.stageStarted(path: [], name: "Uploading stemcell", kind: .simple))
        renderer.emit(.progress(path: [], name: "Uploading stemcell", amount: .items(done: 1, total: 2)))
        clock.advance(seconds: 5)
        renderer.tick()
        #expect(
            output.text.hasSuffix("\rUploading stemcell... [==========>         ]  50% 1/2 (00:00:05)"),
            "\(output.text)")
    }

    @Test func nothingTicksAfterTheStepEndedOrWithoutATerminal() {
        let (renderer, clock, output) = makeRenderer(tty: true)
        renderer.emit(.stageStarted(path: [], name: "Draining", kind: .simple))
        renderer.emit(.stageFinished(path: [], name: "Draining", kind: .simple, duration: .zero))
        clock.advance(seconds: 10)
        renderer.tick()
        #expect(output.text == "Draining... Finished (00:00:00)\n")

        let (plain, plainClock, plainOutput) = makeRenderer(tty: false)
        plain.emit(.stageStarted(path: [], name: "Draining", kind: .simple))
        plainClock.advance(seconds: 10)
        plain.tick()
        plain.emit(.stageFinished(path: [], name: "Draining", kind: .simple, duration: .seconds(10)))
        #expect(plainOutput.text == "Draining... Finished (00:00:10)\n")
    }
}

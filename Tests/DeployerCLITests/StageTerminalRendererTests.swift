import Deployer
import DeployerTestSupport
import Testing

@testable import DeployerCLI

@Suite struct StageTerminalRendererTests {
    private func makeStage(tty: Bool = false) -> (EventStage, ManualDeployClock, CollectingOutput, TerminalRenderer) {
        let output = CollectingOutput()
        let clock = ManualDeployClock()
        let renderer = TerminalRenderer(output: output, isTTY: tty, clock: clock)
        return (EventStage(sink: renderer, clock: clock), clock, output, renderer)
    }

    @Test func aTypicalFirstRunMatchesBoshCLILineForLine() async throws {
        let (stage, clock, output, _) = makeStage()
        try await stage.performComplex("validating") { sub in
            try await sub.perform("Validating release 'bosh'") { clock.advance(seconds: 2.4) }
            try await sub.perform("Validating deployment manifest") {}
        }
        try await stage.perform("Uploading stemcell 'bosh-warden/1.506'") { clock.advance(seconds: 12) }
        try await stage.performComplex("deploying") { sub in
            try await sub.perform("Creating VM for instance 'bosh/0' from stemcell 'sc-47017a4e'") {
                clock.advance(seconds: 1)
            }
            try await sub.performOrSkip("Compiling package 'ruby-3.3/8c1c'") {
                clock.advance(seconds: 1)
                return StepOutcome<Void>.skipped(reason: "Package already compiled")
            }
            try await sub.perform("Waiting for instance 'bosh/0' to be running") { clock.advance(seconds: 60) }
        }
        try await stage.perform("Cleaning up rendered CPI jobs") {}
        #expect(
            output.text == """

                Started validating
                  Validating release 'bosh'... Finished (00:00:02)
                  Validating deployment manifest... Finished (00:00:00)
                Finished validating (00:00:02)

                Uploading stemcell 'bosh-warden/1.506'... Finished (00:00:12)

                Started deploying
                  Creating VM for instance 'bosh/0' from stemcell 'sc-47017a4e'... Finished (00:00:01)
                  Compiling package 'ruby-3.3/8c1c'... Skipped [Package already compiled] (00:00:01)
                  Waiting for instance 'bosh/0' to be running... Finished (00:01:00)
                Finished deploying (00:01:02)

                Cleaning up rendered CPI jobs... Finished (00:00:00)

                """)
    }

    @Test func simpleStepsAtTheTopHaveNoBlankLineBetweenThem() async throws {
        let (stage, _, output, _) = makeStage()
        try await stage.perform("Downloading release 'a'") {}
        try await stage.perform("Downloading release 'b'") {}
        #expect(
            output.text
                == "Downloading release 'a'... Finished (00:00:00)\nDownloading release 'b'... Finished (00:00:00)\n")
    }

    @Test func aFailedStepAndItsStageSayFailed() async throws {
        let (stage, clock, output, _) = makeStage()
        await #expect(throws: SampleFailure.self) {
            try await stage.performComplex("deploying") { sub in
                try await sub.perform("Creating VM for instance 'bosh/0' from stemcell 'sc-1'") {
                    clock.advance(seconds: 2)
                    throw SampleFailure(description: "boom")
                }
            }
        }
        #expect(
            output.text == """

                Started deploying
                  Creating VM for instance 'bosh/0' from stemcell 'sc-1'... Failed (00:00:02)
                Failed deploying (00:00:02)

                """)
    }

    @Test func nestedComplexStagesIndentAgainLikeBoshIndentingUI() async throws {
        let (stage, _, output, _) = makeStage()
        try await stage.performComplex("deploying") { sub in
            try await sub.perform("Creating VM") {}
            try await sub.performComplex("compiling") { inner in
                try await inner.perform("Compiling package 'a/1'") {}
            }
            try await sub.perform("Updating instance 'bosh/0'") {}
        }
        // bosh-cli's indenting UI prefixes blank lines too, hence the lines of two spaces.
        #expect(
            output.text == """

                Started deploying
                  Creating VM... Finished (00:00:00)
                  \("")
                  Started compiling
                    Compiling package 'a/1'... Finished (00:00:00)
                  Finished compiling (00:00:00)
                  \("")
                  Updating instance 'bosh/0'... Finished (00:00:00)
                Finished deploying (00:00:00)

                """)
    }

    @Test func skipIsAnOutcomeNotAnError() async throws {
        let (stage, _, output, _) = makeStage()
        let outcome = try await stage.performOrSkip("Uploading stemcell 'x/1.0'") {
            StepOutcome<Int>.skipped(reason: "Stemcell already uploaded")
        }
        #expect(outcome == .skipped(reason: "Stemcell already uploaded"))
        #expect(outcome.value == nil)
        #expect(output.text == "Uploading stemcell 'x/1.0'... Skipped [Stemcell already uploaded] (00:00:00)\n")
    }

    @Test(arguments: [
        (0.0, "00:00:00"), (1.9, "00:00:01"), (62.0, "00:01:02"), (3723.5, "01:02:03"),
        (360_000.0, "100:00:00"), (-5.0, "00:00:00"),
    ])
    func durationsAreWholeSecondsRoundedDown(seconds: Double, expected: String) {
        #expect(StageDurationFormat.string(.milliseconds(Int64(seconds * 1000))) == expected)
    }

    @Test func progressIsIgnoredWithoutATerminal() async throws {
        let (stage, _, output, _) = makeStage(tty: false)
        try await stage.perform("Uploading stemcell 's/1'") {
            stage.progress("Uploading stemcell 's/1'", .bytes(done: 512 * 1024, total: 1024 * 1024))
        }
        #expect(output.text == "Uploading stemcell 's/1'... Finished (00:00:00)\n")
    }

    @Test func progressBarsAreDrawnOnTheStepLineOnATerminal() async throws {
        let (stage, _, output, _) = makeStage(tty: true)
        try await stage.perform("Uploading stemcell 's/1'") {
            stage.progress("Uploading stemcell 's/1'", .bytes(done: 512 * 1024, total: 1024 * 1024))
            stage.progress("Uploading stemcell 's/1'", .items(done: 3, total: 3))
        }
        #expect(
            output.text == "Uploading stemcell 's/1'..."
                + "\rUploading stemcell 's/1'... [==========>         ]  50% 0.5/1.0 MiB"
                + "\rUploading stemcell 's/1'... [====================] 100% 3/3"
                + "\rUploading stemcell 's/1'... Finished (00:00:00)\u{1B}[K\n")
    }

    @Test func aDownloadOfUnknownSizeShowsOnlyTheBytesSoFar() async throws {
        let (stage, _, output, _) = makeStage(tty: true)
        try await stage.perform("Downloading release 'r'") {
            stage.progress("Downloading release 'r'", .bytes(done: 3 * 1024 * 1024 / 2, total: nil))
            // Progress for a step that is not running is ignored.
            stage.progress("Something else", .items(done: 1, total: 2))
        }
        #expect(
            output.text == "Downloading release 'r'..."
                + "\rDownloading release 'r'... 1.5 MiB"
                + "\rDownloading release 'r'... Finished (00:00:00)\u{1B}[K\n")
    }

    @Test func linesPrintedDuringAStepCloseItAndTheOutcomeRepeatsTheName() async throws {
        let (stage, _, output, _) = makeStage()
        try await stage.performComplex("deploying") { sub in
            try await sub.perform("Waiting for the agent on VM 'vm-1'") {
                sub.warn("agent not answering yet")
            }
        }
        #expect(
            output.text == """

                Started deploying
                  Waiting for the agent on VM 'vm-1'...
                Warning: agent not answering yet
                  Waiting for the agent on VM 'vm-1'... Finished (00:00:00)
                Finished deploying (00:00:00)

                """)
    }

    @Test func infoLinesArePrintedAsIs() async throws {
        let (stage, _, output, _) = makeStage()
        stage.info("Deployment manifest: 'bosh.yml'")
        stage.info("Deployment state: 'bosh-state.json'")
        #expect(output.text == "Deployment manifest: 'bosh.yml'\nDeployment state: 'bosh-state.json'\n")
    }

    @Test func theSummaryListsTopLevelStepsWithTheirTimes() async throws {
        let (stage, clock, output, renderer) = makeStage()
        try await stage.performComplex("validating") { sub in
            try await sub.perform("Validating stemcell") { clock.advance(seconds: 6) }
        }
        try await stage.performOrSkip("Uploading stemcell 's/1'") {
            StepOutcome<Void>.skipped(reason: "Stemcell already uploaded")
        }
        _ = try? await stage.performComplex("deploying") { _ in
            clock.advance(seconds: 24)
            throw SampleFailure(description: "x")
        }
        let before = output.text
        renderer.writeSummary()
        #expect(
            String(output.text.dropFirst(before.count)) == """

                Time per stage:
                  validating                00:00:06
                  Uploading stemcell 's/1'  00:00:00 (skipped)
                  deploying                 00:00:24 (failed)

                """)
    }

    @Test func anEmptySummaryWritesNothing() {
        let output = CollectingOutput()
        TerminalRenderer(output: output).writeSummary()
        #expect(output.text.isEmpty)
    }
}

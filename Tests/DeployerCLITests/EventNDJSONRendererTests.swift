import Deployer
import DeployerTestSupport
import Foundation
import Testing

@testable import DeployerCLI

@Suite struct EventNDJSONRendererTests {
    private func objects(_ text: String) throws -> [[String: Any]] {
        #expect(text.hasSuffix("\n"))
        return try text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(object as? [String: Any])
        }
    }

    @Test func everyEventIsOneValidJSONObjectPerLineWithStableFields() async throws {
        let output = CollectingOutput()
        let clock = ManualDeployClock(origin: Date(timeIntervalSince1970: 0))
        let renderer = NDJSONRenderer(output: output, clock: clock, redact: { $0 })
        let stage = EventStage(sink: renderer, clock: clock)
        try await stage.performComplex("deploying") { sub in
            try await sub.perform("Uploading 'x'") {
                sub.progress("Uploading 'x'", .bytes(done: 5, total: 10))
                sub.progress("Uploading 'x'", .items(done: 1, total: 4))
                clock.advance(seconds: 1.5)
            }
            try await sub.performOrSkip("Compiling package 'a/1'") {
                StepOutcome<Void>.skipped(reason: "Package already compiled")
            }
            sub.warn("line one\nline two")
            sub.info("note")
        }
        _ = try? await stage.perform("Deleting VM") { throw SampleFailure(description: "CPI 'delete_vm' failed") }

        let lines = try objects(output.text)
        #expect(lines.count == 12)
        #expect(output.text.split(separator: "\n").count == 12, "a newline inside a message must be escaped")
        #expect(
            lines.map { $0["event"] as? String } == [
                "stage_started", "stage_started", "progress", "progress", "stage_finished", "stage_started",
                "stage_skipped", "warning", "info", "stage_finished", "stage_started", "stage_failed",
            ])
        #expect(
            output.text.hasPrefix(
                #"{"event":"stage_started","kind":"complex","path":[],"schema_version":1,"stage":"deploying","time":"1970-01-01T00:00:00.000Z"}"#
                    + "\n"))
        let progress = lines[2]
        #expect(progress["unit"] as? String == "bytes")
        #expect(progress["done"] as? Int == 5)
        #expect(progress["total"] as? Int == 10)
        #expect(progress["path"] as? [String] == ["deploying"])
        #expect(lines[3]["unit"] as? String == "items")
        let finished = lines[4]
        #expect(finished["duration_seconds"] as? Double == 1.5)
        #expect(finished["duration"] as? String == "00:00:01")
        #expect(finished["time"] as? String == "1970-01-01T00:00:01.500Z")
        #expect(lines[6]["reason"] as? String == "Package already compiled")
        #expect(lines[7]["message"] as? String == "line one\nline two")
        #expect(lines[9]["kind"] as? String == "complex")

        #expect(lines[11]["error"] as? String == "CPI 'delete_vm' failed")
        #expect(lines[11]["stage"] as? String == "Deleting VM")
        #expect(lines[11]["kind"] as? String == "simple")
    }

    @Test func everyStringGoesThroughTheRedactionClosure() async throws {
        let output = CollectingOutput()
        let clock = ManualDeployClock()
        let renderer = NDJSONRenderer(output: output, clock: clock) {
            $0.replacingOccurrences(of: "hunter2", with: "<redacted>")
        }
        let stage = EventStage(sink: renderer, clock: clock)
        _ = try? await stage.performComplex("deploying hunter2") { sub in
            sub.progress("Uploading hunter2", .bytes(done: 1, total: nil))
            sub.info("password is hunter2")
            sub.warn("again hunter2")
            try await sub.performOrSkip("step hunter2") { StepOutcome<Void>.skipped(reason: "reason hunter2") }
            try await sub.perform("failing") { throw SampleFailure(description: "bad password hunter2") }
        }
        #expect(!output.text.contains("hunter2"))
        #expect(output.text.contains("<redacted>"))
        let lines = try objects(output.text)
        #expect(lines.allSatisfy { $0["time"] is String && $0["event"] is String })
        let progress = try #require(lines.first { $0["event"] as? String == "progress" })
        #expect(progress["total"] == nil, "an unknown total is omitted, not null")
    }

    @Test func theDefaultRedactorHidesSensitiveValues() {
        let output = CollectingOutput()
        let renderer = NDJSONRenderer(output: output, clock: ManualDeployClock())
        renderer.emit(.info(#"{"password":"s3cr3t-value"}"#))
        #expect(!output.text.contains("s3cr3t-value"))
    }

    @Test func linesAreWrittenAsEventsHappenNotBuffered() {
        let output = CollectingOutput()
        let renderer = NDJSONRenderer(output: output, clock: ManualDeployClock(), redact: { $0 })
        renderer.emit(.stageStarted(path: [], name: "validating", kind: .complex))
        #expect(output.text.split(separator: "\n").count == 1)
        #expect(output.text.hasSuffix("\n"))
        renderer.emit(.info("x"))
        #expect(output.text.split(separator: "\n").count == 2)
    }

    @Test func theNDJSONStreamCarriesTheFilesTheirLinesAndTheTarball() throws {
        let logs = FailureLogs(
            instance: "web/0", reason: "pre-start failed on job 'web'", tarball: "/h/logs/demo-20261207-031502.tgz",
            files: [FailureLogFile(name: "web/pre-start.stderr.log", lines: ["a", "b"], earlierLinesOmitted: true)])
        let line = NDJSONLine(event: .failureLogs(logs), time: Date(timeIntervalSince1970: 0), redact: { $0 })
            .jsonText()
        #expect(
            line
                == #"{"event":"failure_logs","files":[{"earlier_lines_omitted":true,"file":"web/pre-start.stderr.log","lines":["a","b"]}],"instance":"web/0","reason":"pre-start failed on job 'web'","schema_version":1,"tarball":"/h/logs/demo-20261207-031502.tgz","time":"1970-01-01T00:00:00.000Z"}"#
        )
        #expect(
            logs.explanation == """
                Logs of instance 'web/0' (pre-start failed on job 'web'); all of them are in '/h/logs/demo-20261207-031502.tgz':
                  web/pre-start.stderr.log (last 2 lines):
                    a
                    b
                """)
    }

    @Test func heartbeatsRenderAsRunningTime() {
        #expect(ProgressBar.text(.elapsed(seconds: 3723)) == "running 01:02:03")
        let line = NDJSONLine(
            event: .progress(path: ["installing CPI"], name: "x", amount: .elapsed(seconds: 12)), time: Date(),
            redact: { $0 })
        #expect(line.unit == "seconds")
        #expect(line.done == 12)
        #expect(line.total == nil)
    }
}

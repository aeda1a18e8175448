import Foundation
import Testing

@testable import DeployerSupport

#if canImport(Glibc)
import Glibc
#endif

/// Real child processes (bash scripts in a temp directory), so the suite is serialized.
@Suite(.serialized) struct ProcessRunnerTests {
    let runner = ProcessRunner()

    @Test func passesArgumentsEnvironmentWorkingDirectoryAndStdin() async throws {
        let dir = try ScratchDirectory()
        let script = try dir.script(
            "echo.sh",
            """
            printf 'args=%s,%s\\n' "$1" "$2"
            printf 'env=%s\\n' "$DEPLOYER_TEST_VALUE"
            printf 'pwd=%s\\n' "$(pwd -P)"
            printf 'stdin='; cat
            echo 'to stderr' >&2
            """)
        let result = try await runner.run(
            .init(
                executable: script, arguments: ["a b", "c"],
                environment: .inherit(overrides: ["DEPLOYER_TEST_VALUE": "42"]),
                workingDirectory: dir.path, standardInput: Array("hello".utf8), timeout: .seconds(20)))
        let realDir = URL(fileURLWithPath: dir.path).resolvingSymlinksInPath().path
        #expect(result.exitStatus == .exited(0))
        #expect(result.standardOutputText == "args=a b,c\nenv=42\npwd=\(realDir)\nstdin=hello")
        #expect(result.standardErrorText == "to stderr\n")
        #expect(!result.standardErrorTruncated)
        #expect(result.processID > 0)
    }

    @Test func exactEnvironmentReplacesInheritedOne() async throws {
        let dir = try ScratchDirectory()
        let script = try dir.script("env.sh", "echo \"home=${HOME:-unset} only=$ONLY\"")
        let result = try await runner.run(
            .init(
                executable: script, environment: .exactly(["ONLY": "yes", "PATH": "/usr/bin:/bin"])))
        #expect(result.standardOutputText == "home=unset only=yes\n")
    }

    @Test func nonZeroExitAndSignalAreData() async throws {
        let dir = try ScratchDirectory()
        let failing = try dir.script("fail.sh", "echo boom >&2; exit 3")
        let failed = try await runner.run(.init(executable: failing))
        #expect(failed.exitStatus == .exited(3))
        #expect(failed.exitStatus.code == 3)
        #expect(failed.standardErrorText == "boom\n")

        let killed = try dir.script("kill.sh", "kill -KILL $$")
        let signaled = try await runner.run(.init(executable: killed))
        #expect(signaled.exitStatus == .signaled(SIGKILL))
        #expect(!signaled.exitStatus.isSuccess)
    }

    @Test func childThatIgnoresLargeInputStillReportsItsExit() async throws {
        let dir = try ScratchDirectory()
        let script = try dir.script("noread.sh", "exit 7")
        let input = [UInt8](repeating: 65, count: 512 * 1024)
        let result = try await runner.run(.init(executable: script, standardInput: input, timeout: .seconds(20)))
        #expect(result.exitStatus == .exited(7))
    }

    @Test func stdoutOverLimitIsAnErrorAndStopsTheChild() async throws {
        let dir = try ScratchDirectory()
        let script = try dir.script("flood.sh", "while :; do echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; done")
        let error = await #expect(throws: ProcessRunnerError.self) {
            _ = try await runner.run(.init(executable: script, standardOutputLimit: 10_000, timeout: .seconds(20)))
        }
        guard case .outputLimitExceeded(_, let limit) = error else {
            Issue.record("unexpected error \(String(describing: error))")
            return
        }
        #expect(limit == 10_000)
        #expect(error?.description.contains("more than 10000 bytes") == true)
    }

    @Test func stderrKeepsOnlyItsTail() async throws {
        let dir = try ScratchDirectory()
        let script = try dir.script("noisy.sh", "for i in $(seq 1 5000); do echo \"line $i\" >&2; done; echo done")
        let result = try await runner.run(.init(executable: script, standardErrorLimit: 100, timeout: .seconds(20)))
        #expect(result.exitStatus == .exited(0))
        #expect(result.standardOutputText == "done\n")
        #expect(result.standardError.count == 100)
        #expect(result.standardErrorTruncated)
        #expect(result.standardErrorText.hasSuffix("line 5000\n"))
    }

    @Test func timeoutTearsDownTheWholeProcessGroup() async throws {
        let dir = try ScratchDirectory()
        let script = try dir.script(
            "hang.sh",
            """
            echo $$ > "\(dir.path)/pid"
            sleep 300 &
            echo $! > "\(dir.path)/grandchild"
            echo 'about to hang' >&2
            wait
            """)
        let start = ContinuousClock.now
        let error = await #expect(throws: ProcessRunnerError.self) {
            _ = try await runner.run(
                .init(executable: script, timeout: .seconds(1), terminationGracePeriod: .seconds(1)))
        }
        #expect(ContinuousClock.now - start < .seconds(10))
        guard case .timedOut(_, let timeout, let stderr) = error else {
            Issue.record("unexpected error \(String(describing: error))")
            return
        }
        #expect(timeout == .seconds(1))
        #expect(String(decoding: stderr, as: UTF8.self).contains("about to hang"))
        #expect(error?.description.contains("did not finish within 1s") == true)
        for name in ["pid", "grandchild"] {
            let pid = try #require(dir.readPID(name))
            // The group was signalled; an orphaned grandchild dies asynchronously, so poll.
            try await waitFor { !isAlive(pid) }
            #expect(!isAlive(pid), "\(name) \(pid) survived the timeout")
        }
    }

    @Test func sigkillFollowsWhenTheGroupIgnoresSigterm() async throws {
        let dir = try ScratchDirectory()
        let script = try dir.script(
            "stubborn.sh",
            """
            trap '' TERM
            echo $$ > "\(dir.path)/pid"
            bash -c 'trap "" TERM; echo $$ > "\(dir.path)/grandchild"; while :; do sleep 0.1; done' &
            while :; do sleep 0.1; done
            """)
        let start = ContinuousClock.now
        await #expect(throws: ProcessRunnerError.self) {
            _ = try await runner.run(
                .init(
                    executable: script, timeout: .milliseconds(800), terminationGracePeriod: .milliseconds(500)))
        }
        #expect(ContinuousClock.now - start < .seconds(10))
        for name in ["pid", "grandchild"] {
            let pid = try #require(dir.readPID(name))
            // Signals are delivered asynchronously; the process must be gone shortly after.
            try await waitFor { !isAlive(pid) }
            #expect(!isAlive(pid), "\(name) \(pid) survived SIGKILL")
        }
    }

    @Test func cancellingTheCallerTearsDownTheChild() async throws {
        let dir = try ScratchDirectory()
        let script = try dir.script(
            "long.sh",
            """
            echo $$ > "\(dir.path)/pid"
            sleep 300 &
            echo $! > "\(dir.path)/grandchild"
            wait
            """)
        let runner = self.runner
        let task = Task { try await runner.run(.init(executable: script, terminationGracePeriod: .seconds(1))) }
        try await waitFor { dir.readPID("grandchild") != nil }
        task.cancel()
        let outcome = await task.result
        #expect(throws: CancellationError.self) { try outcome.get() }
        for name in ["pid", "grandchild"] {
            let pid = try #require(dir.readPID(name))
            // Signals are delivered asynchronously; the process must be gone shortly after.
            try await waitFor { !isAlive(pid) }
            #expect(!isAlive(pid), "\(name) \(pid) survived cancellation")
        }
    }

    @Test func daemonLeftByANormalExitDoesNotBlockOrGetKilled() async throws {
        let dir = try ScratchDirectory()
        // The background sleep inherits stdout and stderr: the runner must not wait for it.
        let script = try dir.script(
            "daemon.sh",
            """
            sleep 30 &
            echo $! > "\(dir.path)/daemon"
            echo started
            """)
        let start = ContinuousClock.now
        let result = try await runner.run(.init(executable: script, timeout: .seconds(20)))
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(result.standardOutputText == "started\n")
        let daemon = try #require(dir.readPID("daemon"))
        #expect(isAlive(daemon))
        kill(daemon, SIGKILL)
    }

    @Test func missingExecutableIsALaunchError() async throws {
        let error = await #expect(throws: ProcessRunnerError.self) {
            _ = try await runner.run(.init(executable: "/nonexistent/deployer-test-binary"))
        }
        guard case .launchFailed(let executable, _) = error else {
            Issue.record("unexpected error \(String(describing: error))")
            return
        }
        #expect(executable == "/nonexistent/deployer-test-binary")
        #expect(error?.description.contains("/nonexistent/deployer-test-binary") == true)
    }

    @Test func logFileVariantAppendsBothStreams() async throws {
        let dir = try ScratchDirectory()
        let log = dir.path + "/compile.log"
        try Data("earlier run\n".utf8).write(to: URL(fileURLWithPath: log))
        let script = try dir.script(
            "compile.sh",
            """
            read -r name
            echo "compiling $name"
            echo "warning: something" >&2
            for i in 1 2 3; do echo "step $i"; done
            exit 2
            """)
        let result = try await runner.run(
            .init(executable: script, standardInput: Array("ruby\n".utf8), timeout: .seconds(20)),
            appendingOutputTo: log)
        #expect(result.exitStatus == .exited(2))
        #expect(result.logFile == log)
        let content = try String(contentsOfFile: log, encoding: .utf8)
        #expect(content == "earlier run\ncompiling ruby\nwarning: something\nstep 1\nstep 2\nstep 3\n")
        #expect(ProcessRunner.lastLines(2, ofFile: log) == ["step 2", "step 3"])
    }

    @Test func logFileVariantTimesOutToo() async throws {
        let dir = try ScratchDirectory()
        let log = dir.path + "/hang.log"
        let script = try dir.script("hang.sh", "echo $$ > \"\(dir.path)/pid\"; echo waiting; sleep 300")
        await #expect(throws: ProcessRunnerError.self) {
            _ = try await runner.run(
                .init(executable: script, timeout: .seconds(1), terminationGracePeriod: .milliseconds(500)),
                appendingOutputTo: log)
        }
        let pid = try #require(dir.readPID("pid"))
        try await waitFor { !isAlive(pid) }
        #expect(!isAlive(pid))
        #expect(ProcessRunner.lastLines(5, ofFile: log) == ["waiting"])
    }

    @Test func lastLinesReadsOnlyTheEndOfTheFile() throws {
        let dir = try ScratchDirectory()
        let log = dir.path + "/big.log"
        let text = (1...10_000).map { "line \($0)" }.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: log))
        #expect(ProcessRunner.lastLines(3, ofFile: log, maxBytes: 40) == ["line 9998", "line 9999", "line 10000"])
        // The window cuts a line: it is dropped, not shown half.
        #expect(ProcessRunner.lastLines(100, ofFile: log, maxBytes: 25) == ["line 9999", "line 10000"])
        #expect(ProcessRunner.lastLines(3, ofFile: dir.path + "/missing.log").isEmpty)
    }

    @Test func lastLinesOfDataSplitCRLFLinesAndDropACutFirstLine() {
        let data = Data("cut line\r\nsecond\r\nthird\n".utf8)
        #expect(ProcessRunner.lastLines(5, of: data, startsMidFile: true) == ["second", "third"])
        #expect(ProcessRunner.lastLines(5, of: data, startsMidFile: false) == ["cut line", "second", "third"])
        #expect(ProcessRunner.lastLines(1, of: data, startsMidFile: false) == ["third"])
        #expect(ProcessRunner.lastLines(0, of: data, startsMidFile: false).isEmpty)
    }

    @Test func logFileVariantWithStandardErrorApartKeepsEachStreamInItsFile() async throws {
        let dir = try ScratchDirectory()
        let result = try await ProcessRunner().run(
            .init(executable: "/bin/sh", arguments: ["-c", "echo out; echo err >&2; exit 3"], timeout: .seconds(10)),
            appendingStandardOutputTo: dir.path + "/s.stdout.log", standardErrorTo: dir.path + "/s.stderr.log",
            mode: 0o640)
        #expect(result.exitStatus == .exited(3))
        #expect(result.logFile == dir.path + "/s.stderr.log")
        #expect(try String(contentsOfFile: dir.path + "/s.stdout.log", encoding: .utf8) == "out\n")
        #expect(try String(contentsOfFile: dir.path + "/s.stderr.log", encoding: .utf8) == "err\n")
        let mode =
            try FileManager.default.attributesOfItem(atPath: dir.path + "/s.stdout.log")[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o640)
    }

    @Test func durationsFormatForMessages() {
        #expect(ProcessRunner.format(.seconds(2)) == "2s")
        #expect(ProcessRunner.format(.milliseconds(1500)) == "1.5s")
        #expect(ProcessRunner.format(.milliseconds(250)) == "250ms")
    }
}

// MARK: - Helpers

/// A temp directory removed when the test's value goes away.
final class ScratchDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes an executable bash script and returns its path.
    func script(_ name: String, _ body: String) throws -> String {
        let file = path + "/" + name
        try Data(("#!/bin/bash\n" + body + "\n").utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file)
        return file
    }

    /// A PID a script wrote to `name`, once the file is complete.
    func readPID(_ name: String) -> Int32? {
        guard let text = try? String(contentsOfFile: path + "/" + name, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// True when `pid` exists and is not a zombie (a zombie has exited; only its parent's reaping is left).
func isAlive(_ pid: Int32) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return false }
    let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).prefix(1)
    return state != "Z" && state != "X"
}

/// Polls `condition` every 20 ms for up to 10 s.
func waitFor(_ condition: () -> Bool) async throws {
    for _ in 0..<500 {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record("condition not met within 10 s")
}

import Foundation
import Subprocess
import Synchronization
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// Runs child processes over swift-subprocess with the guarantees a deployer needs:
/// bounded output, a timeout, exit status as data, and no leftover processes.
///
/// Each child runs in its own session (`setsid`), so it and everything it starts form one
/// process group. When the timeout expires or the calling task is cancelled, the group gets
/// SIGTERM, then SIGKILL after the grace period, and a final SIGKILL sweeps stragglers that
/// ignored SIGTERM. A child that exits on its own keeps its background processes (a CPI may
/// legitimately start a daemon).
///
/// ```swift
/// let result = try await ProcessRunner().run(.init(
///     executable: "/bin/echo", arguments: ["hi"], timeout: .seconds(5)))
/// result.exitStatus   // .exited(0)
/// ```
public struct ProcessRunner: Sendable {
    /// Creates a runner. The first one makes this process ignore SIGPIPE, so that writing
    /// stdin to a child that exited early fails with EPIPE instead of killing us.
    public init() {
        _ = Self.ignoreBrokenPipes
    }

    private static let ignoreBrokenPipes: Void = {
        // Children still start with default signal handlers: swift-subprocess resets them.
        _ = signal(SIGPIPE, SIG_IGN)
    }()

    /// Runs `invocation` to completion and returns its exit status and captured output.
    ///
    /// - Parameter invocation: what to run and its limits.
    /// - Returns: the exit status (a non-zero exit is a normal result) and output.
    /// - Throws: `ProcessRunnerError.launchFailed` when the executable cannot start,
    ///   `.timedOut` when it outlives `invocation.timeout`, `.outputLimitExceeded` when stdout
    ///   passes its cap, `.ioFailed` for pipe failures; `CancellationError` when the calling task
    ///   is cancelled (the child is torn down first).
    public func run(_ invocation: Invocation) async throws -> Result {
        let pidBox = ProcessIDBox()
        let start = ContinuousClock.now
        let captured = try await Self.supervise(invocation, pidBox: pidBox) {
            try await Self.runCapturing(invocation, pidBox: pidBox)
        }
        return Result(
            processID: captured.processID, exitStatus: captured.status,
            standardOutput: captured.stdout.result, standardError: captured.stderr.result,
            standardErrorTruncated: captured.stderr.overflowed, duration: ContinuousClock.now - start)
    }

    /// Runs `invocation` with its stdout and stderr appended, interleaved as written, to
    /// `logFile` (created with mode 0600 if missing). The invocation's output limits do not
    /// apply: the file takes everything. Use `lastLines(_:ofFile:)` for an error message.
    ///
    /// - Parameters:
    ///   - invocation: what to run and its timeout.
    ///   - logFile: path of the log file.
    /// - Returns: the exit status and the log file's path.
    /// - Throws: as `run(_:)`, plus `.ioFailed` when the log file cannot be opened.
    public func run(_ invocation: Invocation, appendingOutputTo logFile: String) async throws -> LoggedResult {
        let descriptor = try Self.openLog(logFile, mode: 0o600, for: invocation)
        defer { close(descriptor) }
        return try await runLogging(invocation, standardOutput: descriptor, standardError: descriptor, logFile: logFile)
    }

    /// Runs `invocation` with its stdout appended to `standardOutputFile` and its stderr to
    /// `standardErrorFile` (each created with `mode` if missing), as bosh-agent runs job
    /// scripts (`<script>.stdout.log`, `<script>.stderr.log`, 0640). Output limits do not
    /// apply.
    ///
    /// - Parameters:
    ///   - invocation: what to run and its timeout.
    ///   - standardOutputFile: where stdout goes.
    ///   - standardErrorFile: where stderr goes.
    ///   - mode: permissions of a file that has to be created.
    /// - Returns: the exit status, with `standardErrorFile` as its log file.
    /// - Throws: as `run(_:)`, plus `.ioFailed` when a log file cannot be opened.
    public func run(
        _ invocation: Invocation, appendingStandardOutputTo standardOutputFile: String,
        standardErrorTo standardErrorFile: String, mode: mode_t = 0o600
    ) async throws -> LoggedResult {
        let stdout = try Self.openLog(standardOutputFile, mode: mode, for: invocation)
        defer { close(stdout) }
        let stderr = try Self.openLog(standardErrorFile, mode: mode, for: invocation)
        defer { close(stderr) }
        return try await runLogging(
            invocation, standardOutput: stdout, standardError: stderr, logFile: standardErrorFile)
    }

    private func runLogging(
        _ invocation: Invocation, standardOutput: Int32, standardError: Int32, logFile: String
    )
        async throws -> LoggedResult
    {
        let pidBox = ProcessIDBox()
        let start = ContinuousClock.now
        let outcome = try await Self.supervise(invocation, pidBox: pidBox) {
            try await Self.runLogging(invocation, stdout: standardOutput, stderr: standardError, pidBox: pidBox)
        }
        return LoggedResult(
            processID: outcome.processID, exitStatus: outcome.status, logFile: logFile,
            duration: ContinuousClock.now - start)
    }

    /// Opens (creating with `mode`) a log file for appending.
    private static func openLog(_ path: String, mode: mode_t, for invocation: Invocation) throws -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw ProcessRunnerError.ioFailed(
                executable: invocation.executable,
                reason: "cannot open log file '\(path)': \(String(cString: strerror(errno)))")
        }
        return descriptor
    }
}

// MARK: - Supervision (timeout, cancellation, straggler sweep)

extension ProcessRunner {
    /// What one run produced, whichever way its output was handled.
    protocol Outcome: Sendable {
        var processID: Int32 { get }
        var status: ExitStatus { get }
        var stderrTail: [UInt8] { get }
    }

    struct CapturedOutcome: Outcome {
        var processID: Int32
        var status: ExitStatus
        var stdout: Capture
        var stderr: Capture
        var stderrTail: [UInt8] { stderr.result }
    }

    struct LoggedOutcome: Outcome {
        var processID: Int32
        var status: ExitStatus
        var stderrTail: [UInt8] { [] }
    }

    /// The child's PID, recorded as soon as it is known so a sweep can reach its group.
    final class ProcessIDBox: Sendable {
        private let storage = Mutex<Int32?>(nil)
        func set(_ pid: Int32) { storage.withLock { $0 = pid } }
        var value: Int32? { storage.withLock { $0 } }
    }

    private enum RaceEvent<T: Sendable>: Sendable {
        case finished(Swift.Result<T, any Error>)
        case timerFired
        case timerStopped
    }

    /// Races `operation` against the invocation's timeout. Cancelling the operation's task makes
    /// swift-subprocess run the teardown sequence; afterwards any survivor in the child's
    /// process group is killed.
    static func supervise<T: Outcome>(
        _ invocation: Invocation, pidBox: ProcessIDBox,
        operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let timeout = invocation.timeout
        let (outcome, timedOut) = await withTaskGroup(of: RaceEvent<T>.self) { group in
            group.addTask {
                do { return .finished(.success(try await operation())) } catch { return .finished(.failure(error)) }
            }
            if let timeout {
                group.addTask {
                    do { try await Task.sleep(for: timeout) } catch { return .timerStopped }
                    return .timerFired
                }
            }
            var outcome: Swift.Result<T, any Error>?
            var timedOut = false
            while let event = await group.next() {
                switch event {
                case .timerFired:
                    // A timer that fires after the child already finished changes nothing.
                    if outcome == nil {
                        timedOut = true
                        group.cancelAll()
                    }
                case .timerStopped:
                    break
                case .finished(let result):
                    outcome = result
                    group.cancelAll()
                }
            }
            return (outcome ?? .failure(CancellationError()), timedOut)
        }
        let cancelled = Task.isCancelled
        if cancelled, !timedOut, case .success(let finished) = outcome, finished.status.isSuccess {
            // The child finished its work before the cancellation landed: keep its result, the
            // caller may need it (a created VM's CID must be recorded), and leave its group alone.
            return finished
        }
        if timedOut || cancelled, let pid = pidBox.value {
            // Teardown stops once the group leader is gone; a grandchild that ignored SIGTERM
            // would survive it. The kernel never reuses a PID that is still a process group ID,
            // so this reaches only the child's own group (or nothing).
            _ = kill(-pid, SIGKILL)
        }
        if timedOut {
            let stderr = (try? outcome.get())?.stderrTail ?? []
            throw ProcessRunnerError.timedOut(
                executable: invocation.executable, timeout: invocation.timeout ?? .zero, standardError: stderr)
        }
        if cancelled { throw CancellationError() }
        do {
            return try outcome.get()
        } catch let error as ProcessRunnerError {
            throw error
        } catch let error as SubprocessError {
            throw map(error, executable: invocation.executable)
        }
    }
}

// MARK: - The two ways of running

extension ProcessRunner {
    static func configuration(for invocation: Invocation) -> Configuration {
        var options = PlatformOptions()
        // A session of its own makes the child a process group leader, so teardown signals
        // reach its children too (a CPI script's `sleep`, a compiler's sub-processes).
        options.createSession = true
        options.teardownSequence = [
            .gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: invocation.terminationGracePeriod)
        ]
        let executable: Executable =
            invocation.executable.contains("/")
            ? .path(FilePath(invocation.executable)) : .name(invocation.executable)
        let environment: Subprocess.Environment
        switch invocation.environment {
        case .inherit(let overrides):
            var updates: [Subprocess.Environment.Key: String?] = [:]
            for (name, value) in overrides {
                if let key = Subprocess.Environment.Key(rawValue: name) { updates[key] = value }
            }
            environment = .inherit.updating(updates)
        case .exactly(let variables):
            var values: [Subprocess.Environment.Key: String] = [:]
            for (name, value) in variables {
                if let key = Subprocess.Environment.Key(rawValue: name) { values[key] = value }
            }
            environment = .custom(values)
        }
        return Configuration(
            executable: executable,
            arguments: Arguments(invocation.arguments),
            environment: environment,
            workingDirectory: invocation.workingDirectory.map { FilePath($0) },
            platformOptions: options)
    }

    /// Writes stdin and closes it. Write errors are ignored on purpose: a child may exit
    /// without reading its input, and its exit status says more than EPIPE would.
    private static func feed(_ input: [UInt8], to writer: StandardInputWriter) async {
        if !input.isEmpty { _ = try? await writer.write(input) }
        try? await writer.finish()
    }

    static func runCapturing(_ invocation: Invocation, pidBox: ProcessIDBox) async throws -> CapturedOutcome {
        let input = invocation.standardInput
        let stdoutLimit = invocation.standardOutputLimit
        let stderrLimit = invocation.standardErrorLimit
        let executable = invocation.executable
        let result = try await Subprocess.run(
            configuration(for: invocation), input: .inputWriter, output: .sequence, error: .sequence
        ) { execution in
            pidBox.set(execution.processIdentifier.value)
            let stdoutStream = execution.standardOutput
            let stderrStream = execution.standardError
            let writer = execution.standardInputWriter
            return try await withThrowingTaskGroup(of: (Capture, Bool).self) { group in
                group.addTask {
                    await feed(input, to: writer)
                    return (Capture(limit: 0, policy: .keepTail), false)
                }
                group.addTask {
                    var capture = Capture(limit: stdoutLimit, policy: .failOnOverflow)
                    for try await buffer in stdoutStream {
                        let fits = buffer.withUnsafeBytes { capture.append($0) }
                        if !fits {
                            // Kill now: the other readers only finish once the child is gone.
                            try? execution.send(signal: .kill, toProcessGroup: true)
                            throw ProcessRunnerError.outputLimitExceeded(executable: executable, limit: stdoutLimit)
                        }
                    }
                    return (capture, true)
                }
                var stderr = Capture(limit: stderrLimit, policy: .keepTail)
                for try await buffer in stderrStream {
                    _ = buffer.withUnsafeBytes { stderr.append($0) }
                }
                var stdout = Capture(limit: stdoutLimit, policy: .failOnOverflow)
                while let (capture, isStdout) = try await group.next() {
                    if isStdout { stdout = capture }
                }
                return (stdout, stderr)
            }
        }
        let (stdout, stderr) = result.closureResult
        return CapturedOutcome(
            processID: result.processIdentifier.value, status: ExitStatus(result.terminationStatus),
            stdout: stdout, stderr: stderr)
    }

    static func runLogging(
        _ invocation: Invocation, stdout: Int32, stderr: Int32, pidBox: ProcessIDBox
    ) async throws
        -> LoggedOutcome
    {
        let input = invocation.standardInput
        let result = try await Subprocess.run(
            configuration(for: invocation), input: .inputWriter,
            output: .fileDescriptor(FileDescriptor(rawValue: stdout), closeAfterSpawningProcess: false),
            error: .fileDescriptor(FileDescriptor(rawValue: stderr), closeAfterSpawningProcess: false)
        ) { execution in
            pidBox.set(execution.processIdentifier.value)
            await feed(input, to: execution.standardInputWriter)
        }
        return LoggedOutcome(processID: result.processIdentifier.value, status: ExitStatus(result.terminationStatus))
    }

    static func map(_ error: SubprocessError, executable: String) -> ProcessRunnerError {
        let launchCodes: Set<SubprocessError.Code> = [
            .executableNotFound, .spawnFailed, .failedToChangeWorkingDirectory,
        ]
        if launchCodes.contains(error.code) {
            return .launchFailed(executable: executable, reason: error.description)
        }
        return .ioFailed(executable: executable, reason: error.description)
    }

    /// "2s", "1.5s", "250ms": a duration the way error messages show it.
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if seconds == 0, attoseconds > 0 { return "\(attoseconds / 1_000_000_000_000_000)ms" }
        let tenths = attoseconds / 100_000_000_000_000_000
        return tenths == 0 ? "\(seconds)s" : "\(seconds).\(tenths)s"
    }
}

extension ProcessRunner.ExitStatus {
    init(_ status: TerminationStatus) {
        switch status {
        case .exited(let code): self = .exited(code)
        case .signaled(let signal): self = .signaled(signal)
        }
    }
}

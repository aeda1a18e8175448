import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How a command of the fault matrix ended.
struct MatrixRunResult: Sendable {
    /// The exit status, or the signal number when `signalled`.
    var status: Int32
    /// Whether a signal ended the process (SIGKILL for the deployer's kill switch).
    var signalled: Bool
    /// Whether the driver stopped it for running too long.
    var timedOut: Bool
    /// stdout and stderr, interleaved.
    var output: String
    var duration: Duration

    var succeeded: Bool { status == 0 && !signalled && !timedOut }
    var killedByFault: Bool { signalled && status == SIGKILL }
}

/// Runs the real binaries for the fault matrix, output collected in a file (a pipe could fill
/// up and block a chatty child).
enum MatrixCommand {
    /// Runs `executable` with `arguments` in `directory`, adding `environment` to ours; a run
    /// longer than `timeout` is stopped (SIGTERM, then SIGKILL) and reported as timed out.
    /// - Throws: when the process cannot be started.
    static func run(
        _ executable: String, _ arguments: [String], in directory: String, environment: [String: String] = [:],
        timeout: Duration = .seconds(240)
    ) async throws -> MatrixRunResult {
        let logURL = URL(fileURLWithPath: directory).appendingPathComponent("cmd-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer {
            try? log.close()
            try? FileManager.default.removeItem(at: logURL)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        var timedOut = false
        while process.isRunning {
            if !timedOut && ContinuousClock.now - start > timeout {
                timedOut = true
                process.terminate()
                let grace = ContinuousClock.now + .seconds(15)
                while process.isRunning && ContinuousClock.now < grace { try await Task.sleep(for: .milliseconds(50)) }
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        let output = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        return MatrixRunResult(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            timedOut: timedOut, output: output, duration: ContinuousClock.now - start)
    }
}

/// A failure of the matrix harness itself (not a failed cell).
struct MatrixError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

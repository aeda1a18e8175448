import Foundation

/// The result of running a command to completion.
struct CommandResult: Sendable {
    var status: Int32
    var output: String

    var succeeded: Bool { status == 0 }
}

/// A command started in the background; its stdout and stderr go to one file (a pipe could
/// fill up and block a chatty child).
final class RunningCommand {
    /// The command line, for messages.
    let commandLine: String
    private let process: Process
    private let logURL: URL
    private let log: FileHandle

    /// Starts `executable` with `arguments` in `directory`, adding `environment` to ours.
    /// - Throws: when the process cannot be started.
    init(_ executable: String, _ arguments: [String], in directory: String, environment: [String: String]) throws {
        commandLine = ([executable] + arguments).joined(separator: " ")
        logURL = URL(fileURLWithPath: directory).appendingPathComponent("cmd-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        log = try FileHandle(forWritingTo: logURL)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            discardLog()
            throw error
        }
    }

    /// The child's process id.
    var pid: Int32 { process.processIdentifier }

    /// Whether the child still runs.
    var isRunning: Bool { process.isRunning }

    /// Waits for the child to exit and returns its status and output.
    /// - Throws: `EndToEndError` when it outlives `timeout` (it is then terminated).
    func wait(timeout: Duration = .seconds(300)) async throws -> CommandResult {
        defer { discardLog() }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                throw EndToEndError("'\(commandLine)' ran longer than \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let output = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        return CommandResult(status: process.terminationStatus, output: output)
    }

    private func discardLog() {
        try? log.close()
        try? FileManager.default.removeItem(at: logURL)
    }
}

/// Runs executables for the end-to-end tests.
enum CommandRun {
    /// Runs `executable` with `arguments` in `directory`, adding `environment` to ours.
    /// - Throws: when the process cannot be started or outlives `timeout`.
    static func run(
        _ executable: String, _ arguments: [String], in directory: String, environment: [String: String] = [:],
        timeout: Duration = .seconds(300)
    ) async throws -> CommandResult {
        let command = try RunningCommand(executable, arguments, in: directory, environment: environment)
        return try await command.wait(timeout: timeout)
    }

}

/// A failed expectation of the end-to-end harness itself.
struct EndToEndError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

import Foundation

/// The result of running a command to completion.
struct CommandResult: Sendable {
    var status: Int32
    var output: String

    var succeeded: Bool { status == 0 }
}

/// Runs executables for the end-to-end tests, with output collected in a file (a pipe could
/// fill up and block a chatty child).
enum CommandRun {
    /// Runs `executable` with `arguments` in `directory`, adding `environment` to ours.
    /// - Throws: when the process cannot be started or outlives `timeout`.
    static func run(
        _ executable: String, _ arguments: [String], in directory: String, environment: [String: String] = [:],
        timeout: Duration = .seconds(300)
    ) async throws -> CommandResult {
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
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                throw EndToEndError("'\(executable) \(arguments.joined(separator: " "))' ran longer than \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let output = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        return CommandResult(status: process.terminationStatus, output: output)
    }

    /// Ids of live processes whose command line mentions `text`.
    static func processes(mentioning text: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), pid != getpid(),
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"), !data.isEmpty
            else { return nil }
            let commandLine = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            return commandLine.contains(text) ? pid : nil
        }
    }
}

/// A failed expectation of the end-to-end harness itself.
struct EndToEndError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

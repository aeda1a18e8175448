import DeployerSupport
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// A small monit: reads every installed job's `monit` file, runs `start program` /
/// `stop program` through `/bin/sh -c` (each in a process group of its own), and judges a
/// process by its pid file. Its state lives on disk (pid files and the `monit/stopped`
/// marker), so a restarted agent picks up processes it started before.
///
/// `/var/vcap/` in monit files is rewritten to the VM directory. Processes that die are
/// reported (`failing`), not restarted.
actor JobSupervisor {
    /// One supervised process as `get_state` reports it.
    struct ProcessStatus: Sendable {
        var name: String
        /// `running`, `failing` or `not monitored` (after `stop`).
        var state: String
        var uptimeSeconds: Int64
    }

    /// A monit process with its job and paths rewritten to the VM.
    struct Supervised: Sendable {
        var job: String
        var process: MonitFile.Process
    }

    let layout: VMLayout
    let logger: Logger
    /// How long a start or stop program may run (monit's default is 30 s).
    let programTimeout: Duration = .seconds(30)
    /// How long a process has to exit after its stop program, then after SIGTERM.
    let stopGracePeriod: Duration = .seconds(5)

    init(layout: VMLayout, logger: Logger) {
        self.layout = layout
        self.logger = logger
    }

    /// The processes of every job linked under `jobs/`, in job then file order.
    func supervisedProcesses() -> [Supervised] {
        let jobs = ((try? FileManager.default.contentsOfDirectory(atPath: layout.jobsDir)) ?? []).sorted()
        var result: [Supervised] = []
        for job in jobs where !job.hasPrefix(".") {
            guard let data = FileManager.default.contents(atPath: layout.jobsDir + "/" + job + "/monit") else {
                continue
            }
            let text = layout.rewriteVcapPaths(String(decoding: data, as: UTF8.self))
            for process in MonitFile(text: text).processes {
                result.append(Supervised(job: job, process: process))
            }
        }
        return result
    }

    var isStopped: Bool { FileManager.default.fileExists(atPath: layout.stoppedMarker) }

    /// Starts every process that is not running, then clears the stopped marker.
    /// - Throws: `LocalAgentError` naming the process whose start program failed.
    func start() async throws {
        var failures: [String] = []
        for entry in supervisedProcesses() where pid(of: entry.process) == nil {
            guard let program = entry.process.startProgram else {
                failures.append("\(entry.process.name): no start program")
                continue
            }
            do {
                try await run(program, for: entry, action: "start")
            } catch {
                failures.append("\(entry.process.name): \(error)")
            }
        }
        try? FileTree.remove(layout.stoppedMarker)
        if !failures.isEmpty { throw LocalAgentError(failures.joined(separator: "; ")) }
    }

    /// Stops every process and writes the stopped marker (`get_state` then says `stopped`).
    func stop() async throws {
        try FileTree.createDirectory((layout.stoppedMarker as NSString).deletingLastPathComponent)
        _ = FileManager.default.createFile(atPath: layout.stoppedMarker, contents: Data())
        try await stopAll()
    }

    /// Stops every process without marking the jobs stopped (agent shutdown).
    func stopAll() async throws {
        var failures: [String] = []
        for entry in supervisedProcesses().reversed() {
            do {
                try await stopProcess(entry)
            } catch {
                failures.append("\(entry.process.name): \(error)")
            }
        }
        if !failures.isEmpty { throw LocalAgentError(failures.joined(separator: "; ")) }
    }

    func processStatuses() -> [ProcessStatus] {
        let stopped = isStopped
        return supervisedProcesses().map { entry in
            guard let pid = pid(of: entry.process) else {
                return ProcessStatus(
                    name: entry.process.name, state: stopped ? "not monitored" : "failing", uptimeSeconds: 0)
            }
            _ = pid
            return ProcessStatus(name: entry.process.name, state: "running", uptimeSeconds: uptime(of: entry.process))
        }
    }

    /// `stopped` after `stop`, else `running` when every process runs, else `failing`.
    func jobState(_ statuses: [ProcessStatus]) -> String {
        if isStopped { return "stopped" }
        return statuses.allSatisfy { $0.state == "running" } ? "running" : "failing"
    }

    // MARK: Processes

    private func stopProcess(_ entry: Supervised) async throws {
        guard let pid = pid(of: entry.process) else { return }
        // The start program ran in a session of its own: its process group holds the job's
        // process and anything it started, and nothing else.
        let group = getpgid(pid)
        let ownGroup = group > 1 && group != getpgrp()
        let target = ownGroup ? -group : pid
        if let program = entry.process.stopProgram {
            do {
                try await run(program, for: entry, action: "stop")
            } catch {
                logger.warning("stop program of \(entry.process.name) failed: \(error)")
            }
            if await waitForExit(pid, within: stopGracePeriod) {
                // Helpers the job started must not outlive it.
                if ownGroup { _ = kill(-group, SIGTERM) }
                return
            }
        }
        // The stop program did not do it (or there is none): signal the group.
        _ = kill(target, SIGTERM)
        if await waitForExit(pid, within: stopGracePeriod) { return }
        _ = kill(target, SIGKILL)
        if await waitForExit(pid, within: .seconds(2)) { return }
        throw LocalAgentError("process \(pid) of '\(entry.process.name)' does not exit")
    }

    private func run(_ program: String, for entry: Supervised, action: String) async throws {
        let logDirectory = layout.sysLogDir + "/" + entry.job
        try FileTree.createDirectory(logDirectory)
        try FileTree.createDirectory(layout.sysRunDir + "/" + entry.job)
        let invocation = ProcessRunner.Invocation(
            executable: "/bin/sh", arguments: ["-c", program], workingDirectory: layout.root, timeout: programTimeout)
        logger.info("running \(action) program of \(entry.process.name)")
        let result = try await ProcessRunner().run(
            invocation, appendingOutputTo: logDirectory + "/monit-\(entry.process.name).log")
        guard result.exitStatus.isSuccess else {
            throw LocalAgentError("\(action) program '\(program)' ended with \(result.exitStatus)")
        }
    }

    private func waitForExit(_ pid: Int32, within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if !Self.isAlive(pid) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return !Self.isAlive(pid)
    }

    /// The live pid of `process` from its pid file, or `nil`.
    func pid(of process: MonitFile.Process) -> Int32? {
        guard let file = process.pidFile, let data = FileManager.default.contents(atPath: file) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let pid = Int32(text), pid > 1, Self.isAlive(pid) else { return nil }
        return pid
    }

    private func uptime(of process: MonitFile.Process) -> Int64 {
        guard let file = process.pidFile,
            let date = (try? FileManager.default.attributesOfItem(atPath: file))?[.modificationDate] as? Date
        else { return 0 }
        return max(0, Int64(Date().timeIntervalSince(date)))
    }

    /// Alive and not a zombie (an exited daemon whose reaper has not collected it yet).
    static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return true }
        let text = String(decoding: stat, as: UTF8.self)
        // Format: `pid (comm) S ...`; comm may contain spaces, so look after the last `)`.
        guard let close = text.lastIndex(of: ")") else { return true }
        let state = text[text.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }
}

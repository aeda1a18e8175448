import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Starts, finds and stops a VM's agent process.
///
/// The agent is started detached: in a session of its own (`POSIX_SPAWN_SETSID`), with stdin
/// from `/dev/null` and stdout/stderr appended to a log file, and is never waited for. When
/// the short-lived CPI process exits the agent is re-parented, so it neither becomes our
/// zombie nor dies with us, and it holds none of the CPI's pipes (which would keep the caller
/// waiting for EOF).
enum AgentProcess {
    /// Starts `executable` with `arguments`.
    ///
    /// - Returns: the new process's identity.
    /// - Throws: `LocalCPIError` naming the executable when it cannot be started.
    static func start(executable: String, arguments: [String], logPath: String) throws -> ProcessIdentity {
        markDescriptorsCloseOnExec()
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        let setsid: Int32 = 0x80  // POSIX_SPAWN_SETSID (glibc ≥ 2.26), not exported to Swift
        let flags = setsid | Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)
        posix_spawnattr_setflags(&attributes, Int16(flags))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard status == 0 else {
            throw LocalCPIError("Starting agent '\(executable)': \(String(cString: strerror(status)))")
        }
        // Read the start time while the child is surely ours; retry briefly while /proc catches up.
        for _ in 0..<100 {
            if let identity = ProcessIdentity.of(pid) { return identity }
            usleep(1_000)
        }
        return ProcessIdentity(pid: pid, startTime: 0)
    }

    /// Sets `FD_CLOEXEC` on every descriptor above stderr, so the agent inherits none of them.
    private static func markDescriptorsCloseOnExec() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for name in names {
            guard let fd = Int32(name), fd > 2 else { continue }
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// The live processes started with `--vm-dir <vmDirectory>`: the agent of that VM even
    /// when its pid never made it into the record (a crash right after the start).
    static func find(vmDirectory: String) -> [ProcessIdentity] {
        running().compactMap { pid, arguments in
            guard let index = arguments.firstIndex(of: "--vm-dir"), index + 1 < arguments.count,
                arguments[index + 1] == vmDirectory
            else { return nil }
            return ProcessIdentity.of(pid).flatMap { $0.isAlive ? $0 : nil }
        }
    }

    /// Every process with a `--vm-dir` argument under `vmsDirectory`, by VM directory.
    static func findAll(under vmsDirectory: String) -> [String: [ProcessIdentity]] {
        var found: [String: [ProcessIdentity]] = [:]
        for (pid, arguments) in running() {
            guard let index = arguments.firstIndex(of: "--vm-dir"), index + 1 < arguments.count,
                arguments[index + 1].hasPrefix(vmsDirectory + "/"),
                let identity = ProcessIdentity.of(pid), identity.isAlive
            else { continue }
            found[arguments[index + 1], default: []].append(identity)
        }
        return found
    }

    private static func running() -> [(Int32, [String])] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name in
            guard let pid = Int32(name), pid != getpid(),
                let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline"), !data.isEmpty
            else { return nil }
            let arguments = data.split(separator: 0, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            return (pid, arguments)
        }
    }

    /// Stops `processes` and everything in their process groups: SIGTERM, up to `grace` for
    /// them to exit, then SIGKILL.
    ///
    /// - Returns: whether all of them are gone.
    static func stop(_ processes: [ProcessIdentity], grace: Duration) async -> Bool {
        let live = processes.filter(\.isAlive)
        // The agent is a session leader, so its group holds the jobs it started too.
        let groups = live.compactMap { identity -> Int32? in
            guard let group = ProcessIdentity.status(of: identity.pid)?.processGroup else { return nil }
            return group == identity.pid ? group : nil
        }
        func signal(_ number: Int32) {
            for identity in live where identity.isAlive { kill(identity.pid, number) }
            for group in groups { kill(-group, number) }
        }
        signal(SIGTERM)
        if await waitUntilGone(live, timeout: grace) {
            // Leftover members of the groups (jobs that ignored SIGTERM) go too.
            for group in groups { kill(-group, SIGKILL) }
            return true
        }
        signal(SIGKILL)
        return await waitUntilGone(live, timeout: .seconds(5))
    }

    private static func waitUntilGone(_ processes: [ProcessIdentity], timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while processes.contains(where: \.isAlive) {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }
}

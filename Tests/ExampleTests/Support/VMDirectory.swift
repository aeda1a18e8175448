import DeployerSupport
import Foundation
import ReleaseCompiler

#if canImport(Glibc)
import Glibc
#endif

/// A VM directory laid out by the rule local-agent follows (docs/local-cloud.md): the VM
/// directory plays `/var/vcap`, every `/var/vcap/` in a rendered job file is rewritten to
/// `<vm>/`, packages live at `<vm>/packages/<name>`, jobs at `<vm>/jobs/<name>`, and
/// `<vm>/store` is a symbolic link to the persistent disk's directory.
struct VMDirectory: Sendable {
    let root: String

    /// Creates the VM directory with `store` pointing at `disk` (created if missing).
    init(root: String, disk: String) throws {
        self.root = root
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/store", withDestinationPath: disk)
    }

    /// Makes `<vm>/packages/<name>` point at each package where it was compiled, as an
    /// installation links its packages.
    func link(packages: [String: StoredPackage]) throws {
        try FileManager.default.createDirectory(atPath: root + "/packages", withIntermediateDirectories: true)
        for package in packages.values {
            try FileManager.default.createSymbolicLink(
                atPath: root + "/packages/" + package.name, withDestinationPath: package.directory)
        }
    }

    /// Installs a rendered job, rewriting `/var/vcap/` as the agent does; `bin/*` executable.
    func install(job: RenderedJob) throws {
        let target = root + "/jobs/" + job.name
        try FileManager.default.createDirectory(atPath: root + "/jobs", withIntermediateDirectories: true)
        try TestFile.copyTree(job.directory, to: target)
        let walker = FileManager.default.enumerator(atPath: target)
        while let relative = walker?.nextObject() as? String {
            let path = target + "/" + relative
            guard let text = TestFile.read(path), text.contains("/var/vcap/") else { continue }
            let mode = relative.hasPrefix("bin/") ? 0o755 : 0o644
            try TestFile.write(text.replacingOccurrences(of: "/var/vcap/", with: root + "/"), to: path, mode: mode)
        }
        for script in (try? FileManager.default.contentsOfDirectory(atPath: target + "/bin")) ?? [] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: target + "/bin/" + script)
        }
    }

    /// Runs `jobs/<job>/bin/<script> arguments` from the VM directory, as the agent and its
    /// supervisor do, with output appended to a log file.
    /// - Throws: `ExampleTestError` with the log when the script fails.
    func run(job: String, script: String, _ arguments: [String] = []) async throws {
        let log = root + "/\(job)-\(script).log"
        let result = try await ProcessRunner().run(
            .init(
                executable: root + "/jobs/\(job)/bin/\(script)", arguments: arguments, workingDirectory: root,
                timeout: .seconds(30)),
            appendingOutputTo: log)
        guard result.exitStatus.isSuccess else {
            throw ExampleTestError(
                "\(script) \(arguments) of \(job): \(result.exitStatus): \(TestFile.read(log) ?? "")")
        }
    }

    /// The pid in `sys/run/<job>/<job>.pid`, if the process is alive.
    func livePID(job: String) -> Int32? {
        guard let text = TestFile.read(root + "/sys/run/\(job)/\(job).pid"),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1, Self.isAlive(pid)
        else { return nil }
        return pid
    }

    /// Alive and not a zombie: a daemon adopted by a PID 1 that does not reap stays a zombie.
    static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = TestFile.read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first != "Z"
    }

    /// Kills the job's process if a failed test left it running.
    func killLeftover(job: String) {
        if let pid = livePID(job: job) { kill(pid, SIGKILL) }
    }
}

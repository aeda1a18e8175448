import AgentProtocol
import DeployerSupport
import Foundation
import Logging

/// Runs `jobs/<job>/bin/<script>` for every job of the applied spec that has it, in
/// parallel (`run_script`, `drain`). As bosh-agent (`agent/script/
/// concrete_job_script_provider.go`, `generic_script.go`), each script's stdout is appended to
/// `sys/log/<job>/<script>.stdout.log` and its stderr to `sys/log/<job>/<script>.stderr.log`
/// (files 0640 in a 0750 directory): operators, and `deployer` explaining a failed deploy,
/// look for them there.
struct ScriptRunner: Sendable {
    let context: AgentContext

    /// Longest a job script may run.
    static let timeout: Duration = .seconds(3600)

    /// - Throws: `LocalAgentError` like the real agent's
    ///   `1 of 2 pre-start scripts failed. Failed Jobs: a. Successful Jobs: b.`
    func runAll(script: String, arguments: [String], environment: [String: String], kind: String) async throws {
        let jobs = try context.specStore.loadSpec()?.job.templates.map(\.name) ?? []
        let layout = context.layout
        let runnable = jobs.filter { job in
            SafeRelativePath.isSafeComponent(job)
                && FileManager.default.isExecutableFile(atPath: layout.jobsDir + "/" + job + "/bin/" + script)
        }
        guard !runnable.isEmpty else { return }
        let logger = context.logger
        let outcomes = await withTaskGroup(of: (String, Bool).self) { group in
            for job in runnable {
                group.addTask {
                    let logDirectory = layout.sysLogDir + "/" + job
                    try? FileManager.default.createDirectory(
                        atPath: logDirectory, withIntermediateDirectories: true,
                        attributes: [.posixPermissions: 0o750])
                    let invocation = ProcessRunner.Invocation(
                        executable: layout.jobsDir + "/" + job + "/bin/" + script, arguments: arguments,
                        environment: .inherit(overrides: environment), workingDirectory: layout.root,
                        timeout: Self.timeout)
                    do {
                        let result = try await ProcessRunner().run(
                            invocation, appendingStandardOutputTo: logDirectory + "/\(script).stdout.log",
                            standardErrorTo: logDirectory + "/\(script).stderr.log", mode: 0o640)
                        if !result.exitStatus.isSuccess {
                            logger.error("\(kind) \(script) of job \(job) ended with \(result.exitStatus)")
                        }
                        return (job, result.exitStatus.isSuccess)
                    } catch {
                        logger.error("\(kind) \(script) of job \(job) failed: \(error)")
                        return (job, false)
                    }
                }
            }
            var outcomes: [(String, Bool)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        try Task.checkCancellation()
        let failed = outcomes.filter { !$0.1 }.map(\.0).sorted()
        let passed = outcomes.filter(\.1).map(\.0).sorted()
        guard failed.isEmpty else {
            var message =
                "\(failed.count) of \(outcomes.count) \(script) scripts failed. Failed Jobs: \(failed.joined(separator: ", "))."
            if !passed.isEmpty { message += " Successful Jobs: \(passed.joined(separator: ", "))." }
            throw LocalAgentError(message)
        }
    }
}

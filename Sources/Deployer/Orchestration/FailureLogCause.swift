import AgentClient
import AgentProtocol
import DeployerSupport
import Foundation

/// Why a command failed, when the jobs' own logs say more than the error (issue 15 item 5): a
/// job script the agent ran failed, or the jobs did not reach `running`. Any other failure (a
/// CPI error, an unreachable agent, a compile error) is explained by its own message, and
/// nothing is fetched for it.
///
/// It also decides what to fetch (`filters`) and which files of the tarball to show
/// (`relevance(of:)`), so the choice of files is made in one place.
enum FailureLogCause: Sendable, Hashable {
    /// `run_script <script>` failed on `jobs`.
    case scriptFailed(script: String, jobs: [String])
    /// The processes of `jobs` are not all running after `start`.
    case notRunning(jobs: [String])

    /// The scripts whose logs are not a process's own logs (bosh-agent runs them with
    /// `run_script` and `drain`, each writing `<script>.stdout.log` and `.stderr.log`).
    static let scriptNames: Set<String> = ["pre-start", "post-start", "post-deploy", "pre-stop", "post-stop", "drain"]

    /// The cause of `error`, if it is one the logs can explain.
    /// - Parameters:
    ///   - error: what the steps threw (wrapped in `ContextError`s).
    ///   - instanceJobs: the instance group's jobs, in manifest order.
    init?(_ error: any Error, instanceJobs: [String]) {
        if let agent = error.find(AgentError.self), case .agentException(let message) = agent.reason,
            let failure = Self.scriptFailure(in: message)
        {
            // The agent names the jobs; one the manifest does not have is not looked for.
            let known = failure.jobs.filter(instanceJobs.contains)
            self = .scriptFailed(script: failure.script, jobs: known.isEmpty ? instanceJobs : known)
            return
        }
        if let orchestration = error.find(OrchestrationError.self), case .notRunning = orchestration {
            self = .notRunning(jobs: instanceJobs)
            return
        }
        return nil
    }

    /// The script and the jobs of bosh-agent's `ParallelScript` summary, wherever it sits in
    /// the message (`Action Failed get_task: Task <id> result: 1 of 2 pre-start scripts
    /// failed. Failed Jobs: a. Successful Jobs: b.`, agent/script/parallel_script.go).
    static func scriptFailure(in message: String) -> (script: String, jobs: [String])? {
        guard
            let match = message.firstMatch(
                of: #/\d+ of \d+ (\S+) scripts failed\. Failed Jobs: (.+?)(?:\. Successful Jobs: .*)?\.\s*$/#)
        else { return nil }
        let jobs = match.2.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !jobs.isEmpty else { return nil }
        return (String(match.1), jobs)
    }

    /// Narrows `notRunning` to the jobs whose processes are not running, when every such
    /// process is named after a job (the usual one-process job); otherwise, or for a script
    /// failure, the cause is unchanged. bosh-agent's `get_state` names processes, not jobs.
    func narrowed(to processes: [AgentProcess]?) -> FailureLogCause {
        guard case .notRunning(let jobs) = self, let processes else { return self }
        let stopped = processes.filter { $0.state != "running" }.map(\.name)
        guard !stopped.isEmpty, stopped.allSatisfy(jobs.contains) else { return self }
        return .notRunning(jobs: jobs.filter(stopped.contains))
    }

    /// The jobs whose logs are wanted.
    var jobs: [String] {
        switch self {
        case .scriptFailed(_, let jobs), .notRunning(let jobs): return jobs
        }
    }

    /// The `fetch_logs` filters: each job's log directory (bosh-agent ships a directory named
    /// by a filter whole).
    var filters: [String] { jobs }

    /// What failed, for the operator.
    var reason: String {
        switch self {
        case .scriptFailed(let script, let jobs):
            return "\(script) failed on \(Self.list(jobs))"
        case .notRunning(let jobs):
            return "\(Self.list(jobs)) \(jobs.count == 1 ? "is" : "are") not running"
        }
    }

    /// How relevant the tarball member `path` (normalized, e.g. `db/pre-start.stderr.log`) is:
    /// nil when it is not shown; lower comes first. A failed script's stderr comes before its
    /// stdout, job by job; for jobs not running, every log of theirs except scripts' logs
    /// (ties are broken by the reader, newest first).
    func relevance(of path: String) -> Int? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard segments.count >= 2, !segments.contains(".."), !segments.contains(""),
            let jobIndex = jobs.firstIndex(of: segments[0])
        else { return nil }
        switch self {
        case .scriptFailed(let script, _):
            guard segments.count == 2 else { return nil }
            if segments[1] == script + ".stderr.log" { return jobIndex * 2 }
            if segments[1] == script + ".stdout.log" { return jobIndex * 2 + 1 }
            return nil
        case .notRunning:
            let name = segments[segments.count - 1]
            let isScriptLog = Self.scriptNames.contains {
                name == $0 + ".stdout.log" || name == $0 + ".stderr.log" || name == $0 + ".log"
            }
            return isScriptLog ? nil : jobIndex
        }
    }

    private static func list(_ jobs: [String]) -> String {
        jobs.count == 1 ? "job '\(jobs[0])'" : "jobs " + jobs.map { "'\($0)'" }.joined(separator: ", ")
    }
}

import AgentClient
import AgentProtocol
import CPIProtocol
import DeployerSupport
import Foundation
import Testing

@testable import Deployer

/// Which failures fetch the jobs' logs, what is fetched and which files are shown.
@Suite struct FailureLogCauseTests {
    private func agentError(_ message: String) -> any Error {
        ContextError(
            context: "Updating instance 'web/0'",
            underlying: AgentError(
                endpoint: "https://mbus:<redacted>@127.0.0.2:6868",
                operation: "polling task 7 of 'run_script' (get_task)",
                reason: .agentException(message: message)))
    }

    @Test(arguments: [
        // bosh-agent's ParallelScript summary, as its get_task wraps a failed task.
        (
            "Action Failed get_task: Task 7 result: 1 of 2 pre-start scripts failed. Failed Jobs: db. Successful Jobs: web.",
            FailureLogCause.scriptFailed(script: "pre-start", jobs: ["db"])
        ),
        (
            "2 of 2 post-start scripts failed. Failed Jobs: web, db.",
            .scriptFailed(script: "post-start", jobs: ["web", "db"])
        ),
        // A job the manifest does not have is not looked for: the instance's jobs are.
        (
            "1 of 1 pre-start scripts failed. Failed Jobs: renamed.",
            .scriptFailed(script: "pre-start", jobs: ["web", "db"])
        ),
    ])
    func aScriptFailureNamesTheScriptAndItsJobs(message: String, expected: FailureLogCause) {
        #expect(FailureLogCause(agentError(message), instanceJobs: ["web", "db"]) == expected)
    }

    @Test func aJobNotRunningLooksAtEveryJobOfTheInstance() {
        let error = ContextError(
            context: "Waiting for instance 'web/0' to be running",
            underlying: OrchestrationError.notRunning(instance: "web/0", lastState: "failing", seconds: 1))
        #expect(FailureLogCause(error, instanceJobs: ["web", "db"]) == .notRunning(jobs: ["web", "db"]))
    }

    @Test(arguments: [
        "Action Failed apply: Applying: downloading blob failed",
        "unknown message run_script",
        "1 of 1 pre-start scripts failed. Failed Jobs: .",
    ])
    func otherAgentFailuresFetchNothing(message: String) {
        #expect(FailureLogCause(agentError(message), instanceJobs: ["web"]) == nil)
    }

    @Test func otherErrorsFetchNothing() {
        let cpi = CPIError.cloud(method: "create_vm", CPIResponseError(type: .cloudError, message: "no capacity"))
        #expect(FailureLogCause(ContextError(context: "Creating VM", underlying: cpi), instanceJobs: ["web"]) == nil)
        #expect(FailureLogCause(CancellationError(), instanceJobs: ["web"]) == nil)
        let unreachable = AgentError(
            endpoint: "https://x", operation: "sending 'start'", reason: .timedOut(detail: "28"))
        #expect(FailureLogCause(unreachable, instanceJobs: ["web"]) == nil)
    }

    @Test func notRunningNarrowsToJobsNamedByTheirStoppedProcesses() {
        let cause = FailureLogCause.notRunning(jobs: ["web", "db", "proxy"])
        let processes = [
            AgentProcess(name: "web", state: "running"), AgentProcess(name: "db", state: "failing"),
            AgentProcess(name: "proxy", state: "not monitored"),
        ]
        #expect(cause.narrowed(to: processes) == .notRunning(jobs: ["db", "proxy"]))
        // A stopped process named after no job: every job stays.
        #expect(cause.narrowed(to: processes + [AgentProcess(name: "worker_1", state: "failing")]) == cause)
        #expect(cause.narrowed(to: nil) == cause)
        let script = FailureLogCause.scriptFailed(script: "pre-start", jobs: ["web"])
        #expect(script.narrowed(to: processes) == script)
    }

    @Test func theJobsDirectoriesAreFetched() {
        #expect(FailureLogCause.scriptFailed(script: "pre-start", jobs: ["db"]).filters == ["db"])
        #expect(FailureLogCause.notRunning(jobs: ["web", "db"]).filters == ["web", "db"])
        #expect(
            FailureLogCause.scriptFailed(script: "pre-start", jobs: ["db"]).reason == "pre-start failed on job 'db'")
        #expect(FailureLogCause.notRunning(jobs: ["web", "db"]).reason == "jobs 'web', 'db' are not running")
        #expect(FailureLogCause.notRunning(jobs: ["web"]).reason == "job 'web' is not running")
    }

    @Test func aFailedScriptShowsItsStderrThenItsStdoutJobByJob() {
        let cause = FailureLogCause.scriptFailed(script: "pre-start", jobs: ["web", "db"])
        #expect(cause.relevance(of: "web/pre-start.stderr.log") == 0)
        #expect(cause.relevance(of: "web/pre-start.stdout.log") == 1)
        #expect(cause.relevance(of: "db/pre-start.stderr.log") == 2)
        #expect(cause.relevance(of: "db/pre-start.stdout.log") == 3)
        for other in [
            "web/post-start.stderr.log", "web/web.log", "proxy/pre-start.stderr.log", "pre-start.stderr.log",
            "web/sub/pre-start.stderr.log", "web/../pre-start.stderr.log",
        ] {
            #expect(cause.relevance(of: other) == nil, "\(other)")
        }
    }

    @Test func jobsNotRunningShowTheirOwnLogsButNoScriptLogs() {
        let cause = FailureLogCause.notRunning(jobs: ["web", "db"])
        #expect(cause.relevance(of: "web/web.stderr.log") == 0)
        #expect(cause.relevance(of: "web/monit-web.log") == 0)
        #expect(cause.relevance(of: "db/nested/db.log") == 1)
        for other in [
            "web/pre-start.stderr.log", "web/post-start.stdout.log", "web/drain.stdout.log",
            "proxy/proxy.log", "top.log", "web/../x.log",
        ] {
            #expect(cause.relevance(of: other) == nil, "\(other)")
        }
    }
}

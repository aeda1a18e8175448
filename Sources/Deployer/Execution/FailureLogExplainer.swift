import AgentClient
import AgentProtocol
import DeployerSupport
import Foundation
import GoYAML
import Interpolation

/// The instance whose job logs explain a failure, and how to reach its agent.
struct FailureLogTarget: Sendable {
    /// The instance as the steps name it, e.g. `notes/0`.
    var instance: String
    /// The manifest's `name` (the kept tarball is named after it).
    var deployment: String
    /// The instance group's jobs, in manifest order.
    var jobs: [String]
    var agent: any Agent
    var blobs: any BlobStoring
    /// The manifest and variables, to learn the secrets the log lines must not show (read
    /// again only when a failure is explained).
    var request: DeployRequest
}

/// Explains a failed job start with the jobs' own logs (for `deploy` and `start`).
struct FailureLogExplainer: Sendable {
    /// Home (where the logs are kept), user home and the fetch deadline.
    var options: OrchestratorOptions
    /// The interpolated manifest of a request, to learn its secrets.
    var manifest: @Sendable (DeployRequest) throws -> YAMLNode

    init(_ orchestrator: Orchestrator) {
        options = orchestrator.options
        manifest = { try orchestrator.interpolate($0).node }
    }

    /// Runs `body` (the steps that run the jobs' scripts and start them). When it fails
    /// because a job script failed or the jobs did not reach `running` (`FailureLogCause`),
    /// fetches those jobs' logs through the agent's `fetch_logs` as the step `Fetching the logs
    /// of instance '...'`, keeps the tarball under `$DEPLOYER_HOME/logs`, reports the last
    /// lines of the relevant files (`Stage.failureLogs`, the NDJSON `failure_logs` event) and
    /// throws the error with them under its message (`ExplainedFailure`). The operator then
    /// sees why without logging into the VM (issue 15 item 5).
    ///
    /// Fetching is bounded by `options.failureLogsTimeout`; when it fails, one line says so
    /// and the original error is thrown all the same: the logs never mask the failure.
    /// - Throws: what `body` threw, explained or not.
    func explainingFailures<T>(
        of target: FailureLogTarget, stage: any Stage, isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch {
            guard !Task.isCancelled, error.find(CancellationError.self) == nil,
                let cause = FailureLogCause(error, instanceJobs: target.jobs)
            else { throw error }
            throw ExplainedFailure(
                underlying: error, explanation: await explanation(of: cause, target: target, stage: stage))
        }
    }

    /// The text for under the error: the logs, or one line saying why they are missing.
    private func explanation(of cause: FailureLogCause, target: FailureLogTarget, stage: any Stage) async -> String {
        let deadline = ContinuousClock.now + options.failureLogsTimeout
        let fetched: (path: String, cause: FailureLogCause)
        do {
            fetched = try await stage.perform("Fetching the logs of instance '\(target.instance)'") {
                try await withDeadline(deadline) { try await fetch(cause, target: target) }
            }
        } catch {
            return "The logs of instance '\(target.instance)' could not be fetched (\(Self.oneLine(error))); "
                + "`deployer logs` with the same arguments fetches them once the agent answers."
        }
        let reader = FailureLogReader(redactor: Redactor(registry: secrets(of: target.request)), deadline: deadline)
        do {
            let path = fetched.path
            let files = try await runOnDedicatedThread { [cause = fetched.cause] in
                try reader.read(tarball: path, cause: cause)
            }
            let logs = FailureLogs(
                instance: target.instance, reason: fetched.cause.reason, tarball: fetched.path, files: files)
            stage.failureLogs(logs)
            return logs.explanation
        } catch {
            return "The logs of instance '\(target.instance)' are in '\(fetched.path)' but could not be read "
                + "(\(Self.oneLine(error)))."
        }
    }

    /// Asks the agent for the jobs' logs and downloads the tarball into `$DEPLOYER_HOME/logs`.
    /// - Returns: the tarball's path, and the cause narrowed to the processes not running.
    private func fetch(
        _ cause: FailureLogCause, target: FailureLogTarget
    ) async throws
        -> (path: String, cause: FailureLogCause)
    {
        var cause = cause
        if case .notRunning = cause, let state = try? await target.agent.getState() {
            cause = cause.narrowed(to: state.processes)
        }
        let blob = try await target.agent.fetchLogs(types: "job", filters: cause.filters)
        try FailureLogArchive.prepareDirectory(home: options.deployerHome)
        let path = FailureLogArchive.path(home: options.deployerHome, deployment: target.deployment, now: Date())
        try await target.blobs.downloadBlob(blob.blobstoreID, to: path, expectedDigest: blob.sha1)
        try FailureLogArchive.restrict(path)
        return (path, cause)
    }

    /// The secrets of the manifest and the vars store (`FailureLogSecrets`), interpolating
    /// the manifest again: it succeeded minutes ago, and this runs only after a failure.
    private func secrets(of request: DeployRequest) -> SecretRegistry {
        FailureLogSecrets.registry(
            manifest: try? manifest(request), varsStore: request.interpolation.variables.varsStore,
            home: options.userHome)
    }

    /// Runs `body`, cancelling it at `deadline`.
    /// - Throws: `FailureLogError.fetchTimedOut` at the deadline, else what `body` throws.
    private func withDeadline<T: Sendable>(
        _ deadline: ContinuousClock.Instant, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let seconds = Int(options.failureLogsTimeout.components.seconds)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw FailureLogError.fetchTimedOut(seconds: seconds)
            }
            return value
        }
    }

    /// An error's description on one line (the first), for the note under the failure.
    private static func oneLine(_ error: any Error) -> String {
        String(describing: error).split(separator: "\n").first.map(String.init) ?? "unknown error"
    }
}

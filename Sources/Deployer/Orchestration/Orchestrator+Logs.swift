import AgentClient
import AgentProtocol
import CPIProtocol
import DeployerSupport
import Foundation

/// What `deployer logs` produced.
public enum LogsOutcome: Sendable, Hashable {
    /// No state file: nothing to fetch from.
    case noState
    /// The state records no VM.
    case noVM
    /// The agent did not answer.
    case agentUnreachable
    /// The logs tarball, written at this path.
    case fetched(path: String)
}

extension Orchestrator {
    /// `deployer logs`: asks the agent of the VM the state records for its job logs (or its
    /// own, with `agentLogs`) through `fetch_logs`, and downloads the tarball from its blob
    /// store into `directory` as `create-env-vm-logs-<time>.tgz`, the name bosh-cli gives the
    /// logs of a create-env VM. Only the agent is used: no CPI runs and the state is unchanged.
    /// - Parameters:
    ///   - request: manifest and variables (for the agent's address and CA).
    ///   - store: the deployment state (locked while logs are fetched, as for stop and start).
    ///   - stateFileExists: false when there is no state file: nothing is done.
    ///   - directory: where the tarball goes.
    ///   - agentLogs: the agent's logs instead of the jobs'.
    ///   - now: the time in the file name.
    ///   - stage: receives progress.
    /// - Returns: where the tarball was written, or why there is none.
    /// - Throws: `ManifestError`, `NoCurrentDeploymentError`, the agent's or blob store's error.
    public func logs(
        _ request: DeployRequest, store: any StateStore, stateFileExists: Bool, directory: String, agentLogs: Bool,
        now: Date = Date(), stage: any Stage
    ) async throws -> LogsOutcome {
        var path: String?
        let outcome = try await changeInstanceState(
            request, store: store, stateFileExists: stateFileExists, stage: stage, context: "Fetching logs",
            stageName: "fetching logs"
        ) { vm, agent, manifest, sub in
            let shutdown = AgentShutdown(agent: agent, existingAgentTimeout: options.existingAgentTimeout, stage: sub)
            guard try await shutdown.waitForExistingAgent(vm, whenSilent: "no logs were fetched") else {
                return .agentUnreachable
            }
            let blob = try await sub.step(
                "Fetching \(agentLogs ? "agent" : "job") logs of '\(AgentShutdown.unknownInstance)'"
            ) {
                try await agent.fetchLogs(types: agentLogs ? "agent" : "job", filters: [])
            }
            let blobs = try connector.blobstore(
                mbusURL: manifest.installation.mbus, caPEM: manifest.installation.cert.ca)
            let target = directory + "/" + Self.logsFileName(now: now)
            try await sub.step("Downloading resource '\(blob.blobstoreID)' to '\(target)'") {
                try await blobs.downloadBlob(blob.blobstoreID, to: target, expectedDigest: blob.sha1)
            }
            path = target
            return .completed
        }
        switch outcome {
        case .noState: return .noState
        case .noVM: return .noVM
        case .agentUnreachable: return .agentUnreachable
        case .completed: return path.map { .fetched(path: $0) } ?? .noVM
        }
    }

    /// `create-env-vm-logs-20261207-031502-123456789.tgz`: bosh-cli's name (Go's
    /// `20060102-150405.999999999` with the dot made a dash; trailing zeros dropped).
    public static func logsFileName(now: Date, timeZone: TimeZone = .current) -> String {
        "create-env-vm-logs-\(logsTimestamp(now: now, timeZone: timeZone)).tgz"
    }

    /// `20261207-031502-123456789`: the time part of bosh-cli's logs tarball names.
    public static func logsTimestamp(now: Date, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: now)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        var stamp =
            "\(parts.year ?? 0)\(two(parts.month))\(two(parts.day))-\(two(parts.hour))\(two(parts.minute))\(two(parts.second))"
        var fraction = String(format: "%09d", parts.nanosecond ?? 0)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if !fraction.isEmpty { stamp += "-" + fraction }
        return stamp
    }
}

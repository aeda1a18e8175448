/// One thing that happened during a command, as the progress renderers see it.
///
/// Events are produced by a `Stage` (stage lifecycle, progress) or directly by the
/// orchestration (warnings, info lines) and fed to an `EventSink`. They carry no timestamps:
/// a renderer that needs wall time (NDJSON) reads its own injected clock when it receives one,
/// which is the moment the event happened since sinks are called synchronously.
public enum DeployEvent: Sendable, Hashable {
    /// A step began. `path` names the enclosing complex stages, outermost first.
    case stageStarted(path: [String], name: String, kind: StageKind)
    /// A step ended successfully after `duration`.
    case stageFinished(path: [String], name: String, kind: StageKind, duration: Duration)
    /// A step ended with an error after `duration`; `error` is the error's description.
    case stageFailed(path: [String], name: String, kind: StageKind, duration: Duration, error: String)
    /// A simple step decided there was nothing to do (bosh-cli's `Skipped [reason]`).
    case stageSkipped(path: [String], name: String, reason: String, duration: Duration)
    /// Progress inside the running simple step `name` (download, upload, compile).
    case progress(path: [String], name: String, amount: ProgressAmount)
    /// Something the operator should know that does not stop the command.
    case warning(String)
    /// A plain informational line (e.g. `Deployment state: '...'`).
    case info(String)
    /// The last lines of the logs of a job that made the command fail, fetched from its
    /// agent; the error the command ends with carries the same text (`FailureLogs`).
    case failureLogs(FailureLogs)
}

/// Whether a step is a one-line step (`name... Finished`) or a complex stage with sub-steps
/// (`Started name` … `Finished name`).
public enum StageKind: String, Sendable, Hashable {
    /// `perform`: one line.
    case simple
    /// `performComplex`: a header, indented sub-steps and a footer.
    case complex
}

/// How far a long step has come.
public enum ProgressAmount: Sendable, Hashable {
    /// Bytes transferred so far, out of `total` when the size is known.
    case bytes(done: Int64, total: Int64?)
    /// Items (packages, files) completed out of `total`.
    case items(done: Int, total: Int)
    /// A step with no measurable progress (a packaging script) is still running after
    /// `seconds`: a heartbeat, so a 10-minute compile never looks hung.
    case elapsed(seconds: Int)

    /// Completion between 0 and 1, or nil when the total is unknown or zero.
    public var fraction: Double? {
        switch self {
        case .bytes(let done, let total):
            guard let total, total > 0 else { return nil }
            return min(1, max(0, Double(done) / Double(total)))
        case .items(let done, let total):
            guard total > 0 else { return nil }
            return min(1, max(0, Double(done) / Double(total)))
        case .elapsed:
            return nil
        }
    }
}

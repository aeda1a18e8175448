import Deployer
import DeployerSupport
import Foundation
import Synchronization

/// Streams events as newline-delimited JSON (`--json`): one object per line, written the
/// moment the event arrives.
///
/// Every object has `time` (ISO 8601, UTC, milliseconds) and `event`; the other fields depend
/// on the event (see `NDJSONLine`). Field names are stable. Every string, including stage
/// names and error messages, goes through `redact` first, so secrets that reached a message
/// are not written.
public final class NDJSONRenderer: EventSink {
    private let output: any TextOutput
    private let clock: any DeployClock
    private let redact: @Sendable (String) -> String
    /// Serializes writes so each line is written whole and in event order.
    private let lock = Mutex(())

    /// Creates a renderer.
    /// - Parameters:
    ///   - output: Receives one JSON object and a line feed per event.
    ///   - clock: Supplies the `time` of each line.
    ///   - redact: Applied to every string written; the shared `Redactor` by default.
    public init(
        output: any TextOutput, clock: any DeployClock = SystemDeployClock(),
        redact: @escaping @Sendable (String) -> String = { Redactor().redact($0) }
    ) {
        self.output = output
        self.clock = clock
        self.redact = redact
    }

    public func emit(_ event: DeployEvent) {
        let line = NDJSONLine(event: event, time: clock.wallTime(), redact: redact)
        let text = line.jsonText()
        lock.withLock { _ in output.write(text + "\n") }
    }
}

/// One NDJSON object. Absent fields are omitted, never `null`.
///
/// | `event` | fields |
/// |---|---|
/// | `stage_started` | `stage`, `path`, `kind` (`simple`/`complex`) |
/// | `stage_finished` | `stage`, `path`, `kind`, `duration_seconds`, `duration` (`HH:MM:SS`) |
/// | `stage_failed` | as finished, plus `error` |
/// | `stage_skipped` | `stage`, `path`, `kind`, `reason`, `duration_seconds`, `duration` |
/// | `progress` | `stage`, `path`, `unit` (`bytes`/`items`/`seconds` running), `done`, `total` (when known) |
/// | `warning`, `info` | `message` |
/// | `failure_logs` | `instance`, `reason`, `tarball`, `files` (each `file`, `lines`, `earlier_lines_omitted`) |
public struct NDJSONLine: Encodable, Sendable, Hashable {
    /// One log file of a `failure_logs` event.
    public struct LogFile: Encodable, Sendable, Hashable {
        /// The file's path inside the tarball.
        public var file: String
        /// Its last lines, oldest first.
        public var lines: [String]
        /// Whether the file has lines before these.
        public var earlierLinesOmitted: Bool

        enum CodingKeys: String, CodingKey {
            case file, lines
            case earlierLinesOmitted = "earlier_lines_omitted"
        }
    }

    /// ISO 8601 time the event was rendered.
    public var time: String
    /// The event type.
    public var event: String
    /// The step's name.
    public var stage: String?
    /// Enclosing complex stages, outermost first.
    public var path: [String]?
    /// `simple` or `complex`.
    public var kind: String?
    /// Exact duration in seconds.
    public var durationSeconds: Double?
    /// Duration as the terminal shows it.
    public var duration: String?
    /// Why the step was skipped.
    public var reason: String?
    /// The error of a failed step.
    public var error: String?
    /// Progress unit.
    public var unit: String?
    /// Progress so far.
    public var done: Int64?
    /// Progress total, when known.
    public var total: Int64?
    /// A warning's or info line's text.
    public var message: String?
    /// The instance whose failure logs these are.
    public var instance: String?
    /// Where the whole logs tarball was kept.
    public var tarball: String?
    /// The relevant log files and their last lines.
    public var files: [LogFile]?

    enum CodingKeys: String, CodingKey {
        case time, event, stage, path, kind
        case durationSeconds = "duration_seconds"
        case duration, reason, error, unit, done, total, message, instance, tarball, files
    }

    /// Builds the line for `event`, redacting every string.
    public init(event: DeployEvent, time: Date, redact: (String) -> String) {
        self.time = time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        switch event {
        case .stageStarted(let path, let name, let kind):
            self.event = "stage_started"
            setStage(path: path, name: name, kind: kind, redact: redact)
        case .stageFinished(let path, let name, let kind, let duration):
            self.event = "stage_finished"
            setStage(path: path, name: name, kind: kind, redact: redact)
            setDuration(duration)
        case .stageFailed(let path, let name, let kind, let duration, let error):
            self.event = "stage_failed"
            setStage(path: path, name: name, kind: kind, redact: redact)
            setDuration(duration)
            self.error = redact(error)
        case .stageSkipped(let path, let name, let reason, let duration):
            self.event = "stage_skipped"
            setStage(path: path, name: name, kind: .simple, redact: redact)
            setDuration(duration)
            self.reason = redact(reason)
        case .progress(let path, let name, let amount):
            self.event = "progress"
            stage = redact(name)
            self.path = path.map(redact)
            switch amount {
            case .bytes(let done, let total):
                unit = "bytes"
                self.done = done
                self.total = total
            case .items(let done, let total):
                unit = "items"
                self.done = Int64(done)
                self.total = Int64(total)
            case .elapsed(let seconds):
                unit = "seconds"
                self.done = Int64(seconds)
            }
        case .warning(let text):
            self.event = "warning"
            message = redact(text)
        case .info(let text):
            self.event = "info"
            message = redact(text)
        case .failureLogs(let logs):
            self.event = "failure_logs"
            instance = redact(logs.instance)
            reason = redact(logs.reason)
            tarball = redact(logs.tarball)
            files = logs.files.map {
                LogFile(file: redact($0.name), lines: $0.lines.map(redact), earlierLinesOmitted: $0.earlierLinesOmitted)
            }
        }
    }

    /// The compact JSON text (sorted keys, no line breaks).
    public func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings, numbers and arrays of strings cannot fail; the fallback keeps the
        // stream valid JSON should it ever happen.
        guard let data = try? encoder.encode(self) else {
            return #"{"event":"encoding_failed","time":"\#(time)"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }

    private mutating func setStage(path: [String], name: String, kind: StageKind, redact: (String) -> String) {
        stage = redact(name)
        self.path = path.map(redact)
        self.kind = kind.rawValue
    }

    private mutating func setDuration(_ value: Duration) {
        let components = value.components
        durationSeconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
        duration = StageDurationFormat.string(value)
    }
}

import Deployer
import Foundation

/// One NDJSON object. Absent fields are omitted, never `null`. docs/events.md is the
/// reference of every event type and field.
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
/// | `plan` | `up_to_date`, `has_changes`, `needs_attention`, `step_count`, `findings`, `variables_to_generate`, `message` |
/// | `plan_step` | `index`, `action`, `subject`, `reasons`, `description`, and `cid`, `size_mib`, `from_size_mib`, `to_size_mib` and `changes` (`path`, `change`) when the step has them |
/// | `interpolated` | `output` |
/// | `release_created` | `name`, `version`, `commit_hash`, `tarball`, `sha1` |
/// | `logs_fetched` | `tarball` |
/// | `error` | `command`, `message`, `advice` (when there is some) |
/// | `result` | `command`, `outcome` (`succeeded`/`failed`/`interrupted`), `exit_code`, `duration_seconds`, `duration` |
///
/// Every object also has `time` and `schema_version` (`NDJSONLine.currentSchemaVersion`).
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

    /// The version of this schema, raised when a field changes meaning or goes away (adding
    /// an event type or a field does not raise it).
    public static let currentSchemaVersion = 1

    /// One manifest path of a `plan_step`'s `changes`.
    public struct PathChange: Encodable, Sendable, Hashable {
        /// The path, in go-patch's syntax.
        public var path: String
        /// `added`, `removed` or `changed`.
        public var change: String
    }

    /// `currentSchemaVersion`, in every object.
    public var schemaVersion = NDJSONLine.currentSchemaVersion
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
    /// Whether the deployment already matches the manifest (`plan`).
    public var upToDate: Bool?
    /// Whether `deploy` would change something (`plan`; the command then exits 2).
    public var hasChanges: Bool?
    /// How many `plan_step` events follow (`plan`).
    public var stepCount: Int?
    /// The step's position in the plan, from 1.
    public var index: Int?
    /// The step's kind, e.g. `recreate_vm` (`PlanStepFields`).
    public var action: String?
    /// What the step acts on: an instance, a stemcell `name/version`, a disk's cloud id.
    public var subject: String?
    /// Why the step happens, in operator words.
    public var reasons: [String]?
    /// The step as the text output shows it.
    public var description: String?
    /// The cloud id the step names.
    public var cid: String?
    /// The size of a disk to create, in MiB.
    public var sizeMiB: Int?
    /// A migrated disk's current size, in MiB.
    public var fromSizeMiB: Int?
    /// A migrated disk's new size, in MiB.
    public var toSizeMiB: Int?
    /// `interpolate`'s document (or the value at `--path`).
    public var output: String?
    /// A created or exported release's name.
    public var name: String?
    /// A created or exported release's version.
    public var version: String?
    /// A created release's commit hash.
    public var commitHash: String?
    /// A created or exported release tarball's digest (for a manifest's `sha1`).
    public var sha1: String?
    /// `release_exported`: the stemcell (`<os>/<version>`) its packages were compiled for.
    public var stemcell: String?
    /// `release_exported`: the compiled packages it holds.
    public var packageCount: Int?
    /// The command of an `error` or `result` (its canonical name, never an alias).
    public var command: String?
    /// What the operator can do after an error.
    public var advice: String?
    /// `succeeded`, `failed` or `interrupted`.
    public var outcome: String?
    /// The status the process exits with.
    public var exitCode: Int32?
    /// `plan`: whether it exits 2 (changes, or findings that need the operator).
    public var needsAttention: Bool?
    /// `plan`: what a deploy does not change that needs the operator, each with what to do.
    public var findings: [String]?
    /// `plan`: the variables a deploy would generate in the vars store.
    public var variablesToGenerate: [String]?
    /// `plan_step`: the manifest paths whose change causes the step (never their values).
    public var changes: [PathChange]?

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case time, event, stage, path, kind
        case durationSeconds = "duration_seconds"
        case duration, reason, error, unit, done, total, message, instance, tarball, files
        case upToDate = "up_to_date"
        case hasChanges = "has_changes"
        case stepCount = "step_count"
        case index, action, subject, reasons, description, cid
        case sizeMiB = "size_mib"
        case fromSizeMiB = "from_size_mib"
        case toSizeMiB = "to_size_mib"
        case output, name, version
        case commitHash = "commit_hash"
        case sha1, stemcell
        case packageCount = "package_count"
        case command, advice, outcome
        case exitCode = "exit_code"
        case needsAttention = "needs_attention"
        case findings
        case variablesToGenerate = "variables_to_generate"
        case changes
    }

    /// A line of `event` with no other field yet, stamped `time`.
    init(event: String, time: Date) {
        self.time = Self.timestamp(time)
        self.event = event
    }

    private static func timestamp(_ time: Date) -> String {
        time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Builds the line for `event`, redacting every string.
    public init(event: DeployEvent, time: Date, redact: (String) -> String) {
        self.time = Self.timestamp(time)
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
            return #"{"event":"encoding_failed","schema_version":\#(schemaVersion),"time":"\#(time)"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }

    private mutating func setStage(path: [String], name: String, kind: StageKind, redact: (String) -> String) {
        stage = redact(name)
        self.path = path.map(redact)
        self.kind = kind.rawValue
    }

    mutating func setDuration(_ value: Duration) {
        let components = value.components
        durationSeconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
        duration = StageDurationFormat.string(value)
    }
}

import Deployer
import Foundation

/// What a command reports besides its steps' `DeployEvent`s: its answer (a plan, a document,
/// a release, a logs tarball), the error it failed with, and the result every run ends with.
/// Only the NDJSON stream shows them as events; the text output prints them as it always has.
public enum CommandEvent: Sendable, Hashable {
    /// `plan`'s verdict, before its steps.
    case plan(Plan)
    /// One step of the plan, `index` counting from 1.
    case planStep(index: Int, step: PlanStep)
    /// `interpolate`'s output.
    case interpolated(output: String)
    /// `create-release`'s tarball.
    case releaseCreated(name: String, version: String, commitHash: String, tarball: String, sha1: String)
    /// `export-release`'s tarball.
    case releaseExported(
        name: String, version: String, stemcell: String, packageCount: Int, tarball: String, sha1: String)
    /// `logs`' tarball.
    case logsFetched(tarball: String)
    /// The error the command failed with and what the operator can do about it.
    case error(command: String, message: String, advice: String?)
    /// The last event of every run.
    case result(command: String, outcome: RunOutcome, exitCode: Int32, duration: Duration)
}

/// How a run ended, as the `result` event reports it.
public enum RunOutcome: String, Sendable, Hashable {
    /// The command did its work (`plan` exits 2 when there are changes: that is a success too).
    case succeeded
    /// The command failed; an `error` event came before.
    case failed
    /// Ctrl-C or SIGTERM stopped the command.
    case interrupted
}

extension NDJSONLine {
    /// Builds the line for `event`, redacting every string.
    public init(event: CommandEvent, time: Date, redact: (String) -> String) {
        switch event {
        case .plan(let plan):
            self.init(event: "plan", time: time)
            upToDate = plan.isUpToDate
            hasChanges = plan.hasChanges
            stepCount = plan.steps.count
            needsAttention = plan.needsAttention
            findings = plan.findings.map(redact)
            variablesToGenerate = plan.variablesToGenerate
            message = plan.isUpToDate ? Plan.noChangesMessage : "Planned changes"
        case .planStep(let index, let step):
            self.init(event: "plan_step", time: time)
            let fields = PlanStepFields(step.action)
            self.index = index
            action = fields.action
            subject = fields.subject.map(redact)
            cid = fields.cid.map(redact)
            sizeMiB = fields.sizeMiB
            fromSizeMiB = fields.fromSizeMiB
            toSizeMiB = fields.toSizeMiB
            reasons = step.reasons.map(redact)
            changes =
                step.changes.isEmpty
                ? nil : step.changes.map { PathChange(path: redact($0.path), change: $0.kind.rawValue) }
            description = redact(step.description)
        case .interpolated(let output):
            // The document is what the operator asked to see, secrets included (as `bosh int`
            // prints them): not redacted.
            self.init(event: "interpolated", time: time)
            self.output = output
        case .releaseCreated(let name, let version, let commitHash, let tarball, let sha1):
            self.init(event: "release_created", time: time)
            self.name = redact(name)
            self.version = redact(version)
            self.commitHash = redact(commitHash)
            self.tarball = redact(tarball)
            self.sha1 = sha1
        case .releaseExported(let name, let version, let stemcell, let packageCount, let tarball, let sha1):
            self.init(event: "release_exported", time: time)
            self.name = redact(name)
            self.version = redact(version)
            self.stemcell = redact(stemcell)
            self.packageCount = packageCount
            self.tarball = redact(tarball)
            self.sha1 = sha1
        case .logsFetched(let tarball):
            self.init(event: "logs_fetched", time: time)
            self.tarball = redact(tarball)
        case .error(let command, let message, let advice):
            self.init(event: "error", time: time)
            self.command = command
            self.message = redact(message)
            self.advice = advice.map(redact)
        case .result(let command, let outcome, let exitCode, let duration):
            self.init(event: "result", time: time)
            self.command = command
            self.outcome = outcome.rawValue
            self.exitCode = exitCode
            setDuration(duration)
        }
    }
}

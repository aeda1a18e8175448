/// Nested, timed progress of a command, as bosh-cli's `ui.Stage`.
///
/// ```
/// try await stage.perform("Uploading stemcell 'x/1.0'") { ... }
/// try await stage.performComplex("deploying") { sub in
///     try await sub.perform("Creating VM for instance 'bosh/0' from stemcell 'sc-1'") { ... }
/// }
/// ```
/// Bodies run inline in the caller's isolation (`#isolation`), so they may touch the caller's
/// actor state without being `@Sendable`.
public protocol Stage: Sendable {
    /// Runs a one-line step that may be skipped; reports it started, then `Finished`,
    /// `Skipped [reason]` or `Failed` with its duration.
    /// - Parameters:
    ///   - name: The step as shown, e.g. `Creating disk`.
    ///   - isolation: The caller's actor; pass `#isolation` (the extension methods do).
    ///   - body: The work; returns `.skipped(reason:)` when there is nothing to do.
    /// - Returns: What `body` returned.
    /// - Throws: Whatever `body` throws, after reporting the step as failed.
    func performStep<T>(
        _ name: String, isolation: isolated (any Actor)?, _ body: () async throws -> StepOutcome<T>
    ) async throws -> StepOutcome<T>

    /// Runs a stage with sub-steps: `Started name`, the sub-steps indented, then
    /// `Finished name (…)` or `Failed name (…)`.
    /// - Parameters:
    ///   - name: The stage as shown, e.g. `deploying`.
    ///   - isolation: The caller's actor; pass `#isolation` (the extension methods do).
    ///   - body: The work, given the nested stage for its sub-steps.
    /// - Returns: What `body` returned.
    /// - Throws: Whatever `body` throws, after reporting the stage as failed.
    func performComplexStage<T>(
        _ name: String, isolation: isolated (any Actor)?, _ body: (any Stage) async throws -> T
    ) async throws -> T

    /// Reports progress of the running step `name` of this stage.
    func progress(_ name: String, _ amount: ProgressAmount)

    /// Reports something the operator should know that does not stop the command.
    func warn(_ message: String)

    /// Reports a plain informational line.
    func info(_ message: String)

    /// Reports the last lines of the logs of a job that made the command fail.
    func failureLogs(_ logs: FailureLogs)
}

extension Stage {
    /// Runs a one-line step that cannot be skipped.
    /// - Parameters:
    ///   - name: The step as shown.
    ///   - body: The work.
    /// - Returns: What `body` returned.
    /// - Throws: Whatever `body` throws, after reporting the step as failed.
    public func perform<T>(
        _ name: String, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async throws -> T {
        let outcome = try await performStep(name, isolation: isolation) { .completed(try await body()) }
        guard case .completed(let value) = outcome else {
            throw StageError.unexpectedSkip(step: name)
        }
        return value
    }

    /// Runs a one-line step that may report `Skipped [reason]`.
    /// - Parameters:
    ///   - name: The step as shown.
    ///   - body: The work; returns `.skipped(reason:)` when there is nothing to do.
    /// - Returns: What `body` returned.
    /// - Throws: Whatever `body` throws, after reporting the step as failed.
    @discardableResult
    public func performOrSkip<T>(
        _ name: String, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> StepOutcome<T>
    ) async throws -> StepOutcome<T> {
        try await performStep(name, isolation: isolation, body)
    }

    /// Runs a stage with sub-steps.
    /// - Parameters:
    ///   - name: The stage as shown, e.g. `deploying`.
    ///   - body: The work, given the nested stage.
    /// - Returns: What `body` returned.
    /// - Throws: Whatever `body` throws, after reporting the stage as failed.
    public func performComplex<T>(
        _ name: String, isolation: isolated (any Actor)? = #isolation, _ body: (any Stage) async throws -> T
    ) async throws -> T {
        try await performComplexStage(name, isolation: isolation, body)
    }
}

/// A broken promise of a `Stage` implementation (a bug, not an operator error).
public enum StageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A step that cannot be skipped was reported as skipped.
    case unexpectedSkip(step: String)

    public var description: String {
        switch self {
        case .unexpectedSkip(let step):
            return "Internal error: step '\(step)' was reported as skipped but it cannot be skipped; please file a bug"
        }
    }
}

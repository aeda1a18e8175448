import CPIProtocol
import DeployerSupport

extension Stage {
    /// A one-line step whose error names the step (`ContextError`).
    func step<T>(
        _ name: String, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    )
        async throws -> T
    {
        try await withContext(name) { try await perform(name, isolation: isolation, body) }
    }
}

/// Runs a metadata call whose NotImplemented answer bosh-cli ignores.
func ignoringNotImplemented(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as CPIError where error.is(.notImplemented) {
        return
    }
}

extension Stage {
    /// A deletion step: `delete` in the cloud, then `forget` the record. When the cloud
    /// answers that the resource is already gone (`gone`), the record is forgotten too and
    /// the step shows `Skipped [reason]`, as bosh-cli does.
    func deletionStep(
        _ name: String, isolation: isolated (any Actor)? = #isolation, gone: CPIErrorType, reason: String,
        delete: () async throws -> Void, forget: () async throws -> Void
    ) async throws {
        _ = try await withContext(name) {
            try await performOrSkip(name, isolation: isolation) {
                do {
                    try await delete()
                } catch let error as CPIError where error.is(gone) {
                    try await forget()
                    return StepOutcome<Void>.skipped(reason: reason)
                }
                try await forget()
                return .completed(())
            }
        }
    }
}

import CPIProtocol
import DeployerSupport
import Foundation

/// Keeps a `create_disk` or `create_stemcell` in the state while it runs (`PendingCreation`),
/// and tells the operator about the ones an earlier run never saw answered.
enum PendingCreations {
    /// Records `pending`, then runs `call`. The caller records the answer together with the
    /// removal of `pending` (one write). An error the CPI answered with means nothing was
    /// made, so the record goes; a crash, a garbled answer or a time-out is noted in it; an
    /// interruption leaves it as it is.
    static func tracking<T: Sendable>(
        _ pending: PendingCreation, store: any StateStore, _ call: () async throws -> T
    ) async throws -> T {
        try await store.update { $0.deployer.pendingCreations.append(pending) }
        do {
            return try await call()
        } catch let error as CPIError {
            if let reason = error.unansweredReason {
                if !Task.isCancelled {
                    try? await store.update { state in
                        if let index = state.deployer.pendingCreations.firstIndex(of: pending) {
                            state.deployer.pendingCreations[index].failure = reason
                        }
                    }
                }
            } else {
                try? await store.update { $0.deployer.pendingCreations.removeAll { $0 == pending } }
            }
            throw error
        }
    }

    /// Warns about every pending creation an earlier run left (what may exist in the cloud
    /// and how to find it), then forgets them: the CPI API has no call that could find
    /// such a resource, so only the operator can.
    static func report(store: any StateStore, stage: any Stage) async throws {
        let pending = try await store.current().deployer.pendingCreations
        guard !pending.isEmpty else { return }
        for creation in pending { stage.warn(creation.warning) }
        try await store.update { state in state.deployer.pendingCreations.removeAll { pending.contains($0) } }
    }

    /// Now, as the state records times.
    static func now() -> String { Date().formatted(.iso8601) }
}

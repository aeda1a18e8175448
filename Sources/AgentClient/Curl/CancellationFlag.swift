import Synchronization

/// Set by a task's cancellation handler, read by curl's progress callback on the transfer
/// thread, which then aborts the transfer.
final class CancellationFlag: Sendable {
    private let state = Atomic<Bool>(false)

    func cancel() {
        state.store(true, ordering: .releasing)
    }

    var isCancelled: Bool {
        state.load(ordering: .acquiring)
    }
}

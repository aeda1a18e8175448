import Dispatch

/// Runs blocking work (libarchive loops, file copies, hashing) on a dispatch queue so it does
/// not occupy a thread of Swift concurrency's small cooperative pool.
/// - Parameter work: the blocking work.
/// - Returns: what `work` returned.
/// - Throws: what `work` threw.
public func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(with: Result { try work() })
        }
    }
}

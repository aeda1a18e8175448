import Foundation

/// Runs blocking work (`curl_easy_perform`) on a thread of its own, so it never occupies one
/// of the few threads of Swift's cooperative pool, and resumes the caller when it is done.
func runOnDedicatedThread<T: Sendable>(name: String, _ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread {
            continuation.resume(returning: body())
        }
        thread.name = name
        thread.start()
    }
}

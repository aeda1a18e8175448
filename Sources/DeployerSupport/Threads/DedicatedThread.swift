import Foundation

/// Runs blocking work (`curl_easy_perform`, libarchive loops, file copies, hashing) on a thread
/// of its own and resumes the caller when it is done.
///
/// The one helper for blocking work: it occupies neither one of the few threads of Swift's
/// cooperative pool nor one of dispatch's shared pool, however long it blocks (an upload of
/// a multi-gigabyte blob), and the thread's name shows in `top -H` and debuggers.
/// - Parameters:
///   - name: the thread's name.
///   - body: the blocking work.
/// - Returns: what `body` returned.
/// - Throws: what `body` threw.
public func runOnDedicatedThread<T: Sendable, E: Error>(
    name: String = "deployer-blocking", _ body: @escaping @Sendable () throws(E) -> T
) async throws(E) -> T {
    let result: Result<T, E> = await withCheckedContinuation { continuation in
        let thread = Thread {
            continuation.resume(returning: Result { () throws(E) -> T in try body() })
        }
        thread.name = name
        thread.start()
    }
    return try result.get()
}

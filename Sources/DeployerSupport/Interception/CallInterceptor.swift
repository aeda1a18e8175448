/// Sees every call the deployer sends out of the process: one CPI request (a run of the CPI
/// executable, retries included), one agent action (with its `get_task` polls), one blob
/// transfer. The clients call it at their one sending seam (`ExternalCPICloud`,
/// `MbusAgentClient`, `BlobstoreClient`), so a new CPI method or agent action needs nothing
/// here.
///
/// The shipped `deployer` passes everything through; the test-only `deployer-with-faults`
/// counts, traces and kills at a chosen call (docs/reliability.md).
public protocol CallInterceptor: Sendable {
    /// Runs `body`, the call named `call` (`cpi create_vm`, `agent apply`,
    /// `agent run_script pre-start`, `blobstore put`...), and returns what it returned.
    func intercept<T: Sendable>(_ call: String, _ body: @Sendable () async throws -> T) async throws -> T
}

/// Runs every call as it is.
public struct PassThroughInterceptor: CallInterceptor {
    /// Creates the interceptor that does nothing.
    public init() {}

    public func intercept<T: Sendable>(_ call: String, _ body: @Sendable () async throws -> T) async throws -> T {
        try await body()
    }
}

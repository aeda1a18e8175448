import DeployerSupport
import Synchronization

/// A `CallInterceptor` that records the name of every call passed through it and, when
/// `refusing` names one, fails that call without running it (so a test can tell the call was
/// really routed through the interceptor, not just named).
public final class RecordingInterceptor: CallInterceptor {
    /// What the interceptor throws for a refused call.
    public struct Refused: Error, Sendable, Equatable {
        /// The refused call's name.
        public let call: String

        /// - Parameter call: the refused call's name.
        public init(call: String) {
            self.call = call
        }
    }

    private let names = Mutex<[String]>([])
    private let refusing: String?

    /// - Parameter refusing: a call name to fail without running it; nil runs every call.
    public init(refusing: String? = nil) {
        self.refusing = refusing
    }

    /// The names of the calls seen so far, in order.
    public var calls: [String] { names.withLock { $0 } }

    public func intercept<T: Sendable>(_ call: String, _ body: @Sendable () async throws -> T) async throws -> T {
        names.withLock { $0.append(call) }
        if call == refusing { throw Refused(call: call) }
        return try await body()
    }
}

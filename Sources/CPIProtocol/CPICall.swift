import DeployerSupport
import Synchronization

extension CPIResponseError {
    /// `Bosh::Clouds::NotImplemented` for `method`.
    public static func notImplemented(_ method: CPIMethod) -> CPIResponseError {
        CPIResponseError(type: .notImplemented, message: "\(method.rawValue) is not implemented")
    }
}

/// What a handler knows about the call it serves, and where it writes its log.
///
/// `CPIServer` binds it to `CPICall.current` while the `Cloud` answers, so the one `send`
/// entry point serves clients and servers alike and the request's context still reaches the
/// handler. Outside a server it is `nil`.
public struct CPICall: Sendable {
    /// The call being served by the current task, if any.
    @TaskLocal public static var current: CPICall?

    /// The request's context (director UUID, stemcell API version, ...).
    public let context: CPIContext
    /// The request's `api_version` (1 when absent).
    public let apiVersion: Int
    /// Lines collected into the response's `log`.
    public let log: CPILog

    /// Creates a call description.
    public init(context: CPIContext, apiVersion: Int, log: CPILog = CPILog()) {
        self.context = context
        self.apiVersion = apiVersion
        self.log = log
    }
}

/// Collects the log lines of one CPI call for the response's `log` field.
public final class CPILog: Sendable {
    private let lines = Mutex<[String]>([])

    /// Creates an empty log.
    public init() {}

    /// Appends a line.
    public func write(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    /// All lines, newline-terminated.
    public var text: String {
        lines.withLock { $0.map { $0 + "\n" }.joined() }
    }
}

/// Everything that can go wrong talking to an agent, as one line that names the endpoint
/// (password masked), what was being done and what failed. It never contains the password.
public struct AgentError: Error, CustomStringConvertible, Sendable {
    /// What failed.
    public enum Reason: Sendable, Hashable {
        /// The agent's certificate is not signed by the configured CA or does not name the host.
        case certificateNotTrusted(detail: String)
        /// The configured CA PEM could not be loaded.
        case invalidCA(detail: String)
        /// The TLS handshake failed for another reason (protocol, cipher suites).
        case tlsHandshakeFailed(detail: String)
        /// Nothing listens on the port.
        case connectionRefused(detail: String)
        /// Host unreachable, name not resolved, connection reset...
        case cannotConnect(detail: String)
        /// No answer within the time allowed.
        case timedOut(detail: String)
        /// HTTP 401: the mbus user or password is wrong.
        case unauthorized
        /// Another non-success HTTP status; `body` is a short excerpt.
        case httpStatus(code: Int, body: String)
        /// Any other libcurl failure.
        case transport(code: Int, detail: String)
        /// The agent answered `{"exception": {"message": ...}}`.
        case agentException(message: String)
        /// The body was not the JSON we expected.
        case invalidResponse(detail: String)
        /// The response body exceeded the configured limit.
        case responseTooLarge(limit: Int)
        /// A blob's content does not match the expected digest.
        case digestMismatch(expected: String, actual: String)
        /// A local file could not be read or written.
        case file(path: String, detail: String)
        /// The jumpbox of `BOSH_ALL_PROXY` failed; `permanent` when waiting cannot help (a
        /// refused key, forwarding prohibited), not when the jumpbox cannot reach the VM yet.
        case proxy(detail: String, permanent: Bool)
    }

    /// The agent's URL with the password replaced by `<redacted>`.
    public var endpoint: String
    /// What we were doing, e.g. `sending 'apply'` or `uploading blob 3f/<id>`.
    public var operation: String
    /// What failed.
    public var reason: Reason
    /// True when the wait for the agent to answer ran out of time (`--agent-timeout` helps).
    public var endedWaitForReadiness = false

    /// Creates an error; `endpoint` must already be redacted.
    public init(endpoint: String, operation: String, reason: Reason) {
        self.endpoint = endpoint
        self.operation = operation
        self.reason = reason
    }

    public var description: String {
        "Agent \(endpoint): \(operation) failed: \(reasonText)"
    }

    /// True when the agent does not know the action (`unknown message <method>`); bosh-cli
    /// ignores this for `run_script`, `add_persistent_disk` and `remove_persistent_disk`.
    public var isUnknownMessage: Bool {
        if case .agentException(let message) = reason { return message.contains("unknown message") }
        return false
    }

    /// True for failures that waiting cannot fix (wrong CA or credentials): the readiness
    /// ping stops at once, as bosh-cli does for `x509:` errors.
    public var isFatalForReadiness: Bool {
        switch reason {
        case .certificateNotTrusted, .invalidCA, .unauthorized: return true
        case .proxy(_, let permanent): return permanent
        default: return false
        }
    }

    /// True when the jumpbox of `BOSH_ALL_PROXY` failed in a way waiting cannot fix: the agent
    /// was never asked, so its silence says nothing about the VM (which must not be replaced).
    public var isPermanentProxyFailure: Bool {
        if case .proxy(_, let permanent) = reason { return permanent }
        return false
    }

    func with(operation: String) -> AgentError {
        var error = self
        error.operation = operation
        return error
    }

    private var reasonText: String {
        switch reason {
        case .certificateNotTrusted(let detail):
            return "the agent's TLS certificate was rejected: it is not signed by the CA in the manifest's "
                + "cloud_provider.cert.ca, or does not name this host (\(detail))"
        case .invalidCA(let detail):
            return "the CA in the manifest's cloud_provider.cert.ca could not be loaded (\(detail))"
        case .tlsHandshakeFailed(let detail):
            return "TLS handshake failed (\(detail))"
        case .connectionRefused(let detail):
            return "connection refused: nothing is listening there; is the VM up and its agent running? (\(detail))"
        case .cannotConnect(let detail):
            return "cannot connect (\(detail))"
        case .timedOut(let detail):
            return "timed out (\(detail))"
        case .unauthorized:
            return "the agent rejected the credentials (HTTP 401): check the user and password in cloud_provider.mbus"
        case .httpStatus(let code, let body):
            return body.isEmpty
                ? "the agent responded with HTTP status \(code)"
                : "the agent responded with HTTP status \(code): \(body)"
        case .transport(let code, let detail):
            return "transfer failed (curl \(code): \(detail))"
        case .agentException(let message):
            return "the agent responded with error: \(message)"
        case .invalidResponse(let detail):
            return "unexpected response: \(detail)"
        case .responseTooLarge(let limit):
            return "the response is larger than \(limit) bytes"
        case .digestMismatch(let expected, let actual):
            return "digest mismatch: expected '\(expected)', got '\(actual)'"
        case .file(let path, let detail):
            return "file '\(path)': \(detail)"
        case .proxy(let detail, _):
            return "through BOSH_ALL_PROXY: \(detail)"
        }
    }
}

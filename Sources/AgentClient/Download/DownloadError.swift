/// Why a download failed, as one line naming the URL (secrets masked), how many attempts were
/// made and what went wrong last. It never contains the URL's password or query.
public struct DownloadError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What failed.
    public enum Reason: Sendable, Hashable {
        /// The URL is not an http(s) URL with a host.
        case invalidURL(detail: String)
        /// The server's certificate was not accepted (unknown CA, wrong host name).
        case certificateNotTrusted(detail: String)
        /// Refused, unreachable, reset, name not resolved, TLS handshake failed...
        case cannotConnect(detail: String)
        /// Connecting took too long, or the transfer stalled.
        case timedOut(detail: String)
        /// The final response (after redirects) was not a 2xx; `body` is a short excerpt.
        case httpStatus(code: Int, body: String)
        /// Any other libcurl failure (too many redirects, protocol error...).
        case transport(code: Int, detail: String)
        /// The downloaded bytes do not have the expected digest.
        case digestMismatch(expected: String, actual: String)
        /// The local destination could not be written.
        case file(path: String, detail: String)
        /// The jumpbox of `BOSH_ALL_PROXY` refused for good (its key, forwarding prohibited).
        case proxyRefused(detail: String)
    }

    /// The URL with its password and query replaced by `<redacted>`.
    public var url: String
    /// Attempts made before giving up (0 when none could start).
    public var attempts: Int
    /// What went wrong on the last attempt.
    public var reason: Reason

    /// Creates an error; `url` must already be masked.
    public init(url: String, attempts: Int, reason: Reason) {
        self.url = url
        self.attempts = attempts
        self.reason = reason
    }

    public var description: String {
        let tries = attempts > 1 ? " after \(attempts) attempts" : ""
        return "Downloading '\(url)' failed\(tries): \(reasonText)"
    }

    /// Whether another attempt might succeed: network trouble, server errors (5xx, 408, 429)
    /// and corrupt transfers; not certificates, 4xx, bad URLs or local file errors.
    public var isTransient: Bool {
        switch reason {
        case .cannotConnect, .timedOut, .digestMismatch: true
        // 47: too many redirects, which another attempt would only repeat.
        case .transport(let code, _): code != 47
        case .httpStatus(let code, _): code >= 500 || code == 408 || code == 429
        case .invalidURL, .certificateNotTrusted, .file, .proxyRefused: false
        }
    }

    private var reasonText: String {
        switch reason {
        case .invalidURL(let detail):
            "invalid URL: \(detail)"
        case .certificateNotTrusted(let detail):
            "the server's TLS certificate was rejected (\(detail))"
        case .cannotConnect(let detail):
            "cannot connect (\(detail))"
        case .timedOut(let detail):
            "timed out (\(detail))"
        case .httpStatus(let code, let body):
            body.isEmpty ? "HTTP status \(code)" : "HTTP status \(code): \(body)"
        case .transport(let code, let detail):
            "curl error \(code): \(detail)"
        case .digestMismatch(let expected, let actual):
            "the downloaded file's digest is '\(actual)' but '\(expected)' was expected"
        case .file(let path, let detail):
            "'\(path)': \(detail)"
        case .proxyRefused(let detail):
            "through BOSH_ALL_PROXY: \(detail)"
        }
    }
}

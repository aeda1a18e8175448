import DeployerSupport
import Foundation
import JumpboxTunnel

/// Downloads a URL to a file with libcurl: streamed to disk (never held in memory), hashed
/// on the way, redirects followed, retried on transient failures, and put in place with a
/// rename only once complete and verified, so a failed download leaves nothing behind.
///
/// bosh-cli (installation/tarball/provider.go) makes 3 attempts 500 ms apart and verifies
/// the digest on each; this does the same with a doubling delay, and does not retry what
/// cannot heal (certificate errors, 4xx statuses).
public struct HTTPDownloader: Sendable {
    /// Trust, timeouts, redirects and retries.
    public struct Configuration: Sendable {
        /// Which server certificates are accepted; the system store by default.
        public var trust: TLSTrust
        /// TCP + TLS connect limit (bosh-cli dials with 30 s).
        public var connectTimeout: Duration
        /// Abort an attempt when less than 1 byte/s arrived for this long.
        public var stallTimeout: Duration
        /// Redirects followed before giving up (Go's http.Client follows 10).
        public var maxRedirects: Int
        /// Attempts in all, at least 1 (bosh-cli: 3).
        public var attempts: Int
        /// Delay before the second attempt; doubled for each further one (bosh-cli: 500 ms).
        public var retryDelay: Duration

        /// Creates a configuration; the defaults follow bosh-cli.
        public init(
            trust: TLSTrust = .system, connectTimeout: Duration = .seconds(30), stallTimeout: Duration = .seconds(60),
            maxRedirects: Int = 10, attempts: Int = 3, retryDelay: Duration = .milliseconds(500)
        ) {
            self.trust = trust
            self.connectTimeout = connectTimeout
            self.stallTimeout = stallTimeout
            self.maxRedirects = maxRedirects
            self.attempts = attempts
            self.retryDelay = retryDelay
        }
    }

    /// Progress callback: (bytes received, expected total). The total is the Content-Length;
    /// without one, the shared curl layer reports the bytes received so far as the total.
    public typealias Progress = @Sendable (Int64, Int64?) -> Void

    /// Trust, timeouts, redirects and retries of every download.
    public let configuration: Configuration

    /// Creates a downloader.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Downloads `url` into `destination`, replacing it only with complete, verified content.
    ///
    /// The bytes go to a hidden temporary file beside `destination` (same file system, so the
    /// final rename is atomic); it is removed on any failure or cancellation.
    /// - Parameters:
    ///   - url: an `http://` or `https://` URL; `user:password@` becomes basic auth.
    ///   - destination: the file to create or replace; its directory must exist.
    ///   - expectedDigest: when given, its strongest digest is computed and must match (a
    ///     mismatch is retried, as bosh-cli does, then fails).
    ///   - algorithm: what to compute when no digest is expected.
    ///   - progress: called with (bytes received, expected total), throttled.
    /// - Returns: where the file is, its digest and size.
    /// - Throws: `DownloadError` naming the URL with secrets masked; `CancellationError`.
    public func download(
        from url: String, to destination: String, expectedDigest: MultiDigest? = nil,
        algorithm: DigestAlgorithm = .sha256, progress: Progress? = nil
    ) async throws -> DownloadedFile {
        let source = try DownloadURL(url)
        let expected = expectedDigest?.strongest
        let digestAlgorithm = expected?.algorithm ?? algorithm
        guard digestAlgorithm.isSupported else {
            throw DownloadError(
                url: source.redacted, attempts: 0,
                reason: .digestMismatch(
                    expected: expected?.description ?? digestAlgorithm.name,
                    actual: "(algorithm '\(digestAlgorithm.name)' is not supported)"))
        }
        let destinationURL = URL(fileURLWithPath: destination)
        let partial = destinationURL.deletingLastPathComponent()
            .appendingPathComponent(".\(destinationURL.lastPathComponent).partial-\(UUID().uuidString.prefix(8))").path
        defer { unlink(partial) }

        var transfer = CurlTransfer(
            method: "GET", url: source.requestURL, username: source.username, password: source.password,
            download: .file(path: partial), trust: configuration.trust,
            connectTimeout: configuration.connectTimeout, timeout: nil, stallTimeout: configuration.stallTimeout,
            digest: digestAlgorithm)
        transfer.maxRedirects = configuration.maxRedirects
        if let progress {
            transfer.progress = { done, total in progress(done, total > 0 ? total : nil) }
        }

        let attempts = max(1, configuration.attempts)
        var delay = configuration.retryDelay
        var attempt = 0
        while true {
            attempt += 1
            let failure: DownloadError.Reason
            switch await CurlClient.execute(transfer) {
            case .success(let result):
                if let reason = Self.check(result, expected: expected, source: source) {
                    failure = reason
                } else {
                    guard rename(partial, destination) == 0 else {
                        throw DownloadError(
                            url: source.redacted, attempts: attempt,
                            reason: .file(
                                path: destination,
                                detail: "cannot move the download into place: \(String(cString: strerror(errno)))"))
                    }
                    return DownloadedFile(
                        path: destination, digest: Digest(algorithm: digestAlgorithm, hex: result.digestHex ?? ""),
                        size: result.streamedBytes)
                }
            case .failure(.cancelled):
                throw CancellationError()
            case .failure(let curlFailure):
                failure = Self.reason(for: curlFailure, source: source)
            }
            let error = DownloadError(url: source.redacted, attempts: attempt, reason: failure)
            guard error.isTransient, attempt < attempts else { throw error }
            try await Task.sleep(for: delay)
            delay = delay * 2
        }
    }

    /// The failure of a transfer that got a response, or nil when it is a verified 2xx.
    private static func check(_ result: CurlResult, expected: Digest?, source: DownloadURL) -> DownloadError.Reason? {
        guard (200..<300).contains(result.statusCode) else {
            return .httpStatus(code: result.statusCode, body: source.scrub(excerpt(result.body)))
        }
        if let expected {
            let actual = Digest(algorithm: expected.algorithm, hex: result.digestHex ?? "")
            if actual.hex != expected.hex {
                return .digestMismatch(expected: expected.description, actual: actual.description)
            }
        }
        return nil
    }

    private static func reason(for failure: CurlFailure, source: DownloadURL) -> DownloadError.Reason {
        switch failure {
        case .cancelled:
            // Handled by the caller (it throws CancellationError); kept for exhaustiveness.
            return .transport(code: 42, detail: "cancelled")
        case .tooLarge(let limit):
            return .transport(code: 0, detail: "response larger than \(limit) bytes")
        case .file(let path, let detail):
            return .file(path: path, detail: detail)
        case .proxy(let error):
            return error.isPermanent
                ? .proxyRefused(detail: error.description) : .cannotConnect(detail: error.description)
        case .curl(let code, _, let message):
            let detail = source.scrub("curl \(code): \(message)")
            switch code {
            case 60, 51, 83, 90, 77: return .certificateNotTrusted(detail: detail)
            case 6, 7, 35, 52, 55, 56: return .cannotConnect(detail: detail)
            case 28: return .timedOut(detail: detail)
            default: return .transport(code: code, detail: source.scrub(message))
            }
        }
    }

    /// The start of an error body, on one line, for the message.
    private static func excerpt(_ body: Data) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }
}

import Foundation

/// The real `HTTPTransport`: libcurl over HTTPS, trusting only the configured CA, HTTP basic
/// auth from the URL's userinfo, connect and total timeouts. Each request uses a fresh
/// connection (bosh-cli disables keep-alives too) on a dedicated thread.
public struct CurlTransport: HTTPTransport {
    /// TLS trust, timeouts and limits.
    public struct Configuration: Sendable {
        /// Which server certificates are accepted.
        public var trust: TLSTrust
        /// TCP + TLS connect limit; bosh-cli dials with 30 s.
        public var connectTimeout: Duration
        /// Overall limit per request unless the request sets one; `nil` for none (bosh-cli
        /// has none; agent RPCs answer quickly since long actions are async tasks).
        public var requestTimeout: Duration?
        /// Largest response body accepted into memory.
        public var maxResponseBytes: Int

        /// Creates a configuration; defaults follow bosh-cli (30 s connect).
        public init(
            trust: TLSTrust, connectTimeout: Duration = .seconds(30), requestTimeout: Duration? = .seconds(300),
            maxResponseBytes: Int = 64 << 20
        ) {
            self.trust = trust
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.maxResponseBytes = maxResponseBytes
        }
    }

    /// Trust, timeouts and limits of every request.
    public let configuration: Configuration

    /// Creates a transport with `configuration`.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// A transport that trusts only `caPEM` (the manifest's `cloud_provider.cert.ca`).
    public init(caPEM: String) {
        self.init(configuration: Configuration(trust: .pinnedCA(pem: caPEM)))
    }

    /// Sends `request` and returns whatever status the server answered.
    /// - Throws: `AgentError` naming the URL (password masked) when no response arrived
    ///   (certificate, refused, timeout...); `CancellationError` if the task was cancelled.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let endpoint = try MbusEndpoint(url: request.url)
        var path = request.url.path
        if path.isEmpty { path = "/" }
        let operation = "\(request.method) \(path)"
        var transfer = CurlTransfer(
            method: request.method, url: endpoint.baseURL + Self.queryTail(of: request.url),
            username: endpoint.username, password: endpoint.password,
            headers: request.headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" },
            download: .memory(limit: configuration.maxResponseBytes),
            trust: configuration.trust, connectTimeout: configuration.connectTimeout,
            timeout: request.timeout ?? configuration.requestTimeout)
        if let body = request.body { transfer.upload = .data(body) }
        switch await CurlClient.execute(transfer) {
        case .success(let result):
            return HTTPResponse(statusCode: result.statusCode, body: result.body)
        case .failure(let failure):
            throw CurlClient.error(for: failure, endpoint: endpoint, operation: operation)
        }
    }

    /// `?query` of `url` (MbusEndpoint drops it from the base), or "".
    private static func queryTail(of url: URL) -> String {
        guard let query = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedQuery else {
            return ""
        }
        return "?" + query
    }
}

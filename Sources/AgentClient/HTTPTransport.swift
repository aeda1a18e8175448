import Foundation

/// One HTTP exchange with an agent's mbus endpoint.
///
/// The URL may carry `user:password@`: `CurlTransport` turns it into HTTP basic auth and
/// never sends or prints it otherwise.
public struct HTTPRequest: Sendable {
    /// The HTTP method, e.g. `POST`.
    public var method: String
    /// The full URL, possibly with `user:password@`.
    public var url: URL
    /// Extra request headers.
    public var headers: [String: String]
    /// The request body; `nil` for none.
    public var body: Data?
    /// Overall time limit for this exchange; `nil` uses the transport's default.
    public var timeout: Duration?

    /// Creates a request.
    public init(method: String, url: URL, headers: [String: String] = [:], body: Data? = nil, timeout: Duration? = nil)
    {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// The status and body the server answered.
public struct HTTPResponse: Sendable {
    /// The HTTP status code.
    public var statusCode: Int
    /// The response body.
    public var body: Data

    /// Creates a response.
    public init(statusCode: Int, body: Data) {
        self.statusCode = statusCode
        self.body = body
    }
}

/// Sends HTTP requests; `CurlTransport` is the real one, tests pass closures.
///
/// Implementations return any HTTP status as a response and throw only when no response
/// was received (`AgentError` for network and TLS failures, `CancellationError`).
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the server's answer.
    /// - Throws: `AgentError` when the exchange fails; `CancellationError` when cancelled.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// An `HTTPTransport` made of a closure (tests, fakes).
public struct ClosureTransport: HTTPTransport {
    private let handler: @Sendable (HTTPRequest) async throws -> HTTPResponse

    /// - Parameter handler: answers each request.
    public init(_ handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) {
        self.handler = handler
    }

    /// Calls the closure.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await handler(request)
    }
}

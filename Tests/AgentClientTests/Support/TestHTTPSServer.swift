import DeployerTestSupport
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A request as the test server saw it.
struct ServerRequest: Sendable {
    var method: String
    var uri: String
    var headers: HTTPHeaders
    var body: Data
}

/// The answer a test route gives.
struct ServerResponse: Sendable {
    var status: Int
    var body: Data
    var headers: [(String, String)] = []

    static func json(_ text: String, status: Int = 200) -> ServerResponse {
        ServerResponse(status: status, body: Data(text.utf8), headers: [("Content-Type", "application/json")])
    }
}

/// A small HTTPS (or plain) HTTP/1.1 server on 127.0.0.1 for the curl tests. Each request
/// is answered by `handler` and the connection closed, as the Go agent does with bosh-cli.
final class TestHTTPSServer: Sendable {
    typealias Handler = @Sendable (ServerRequest) -> ServerResponse

    let port: Int
    private let channel: any Channel

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    /// Starts a server; `port` 0 picks a free one.
    static func start(
        certificates: TestCertificateAuthority? = .sharedP256, port: Int = 0, handler: @escaping Handler
    ) async throws -> TestHTTPSServer {
        var sslContext: NIOSSLContext?
        if let certificates {
            let certificate = try NIOSSLCertificate(
                bytes: Array(try certificates.serverCertificatePEM().utf8), format: .pem)
            let key = try NIOSSLPrivateKey(bytes: Array(certificates.serverKeyPEM.utf8), format: .pem)
            let configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
            sslContext = try NIOSSLContext(configuration: configuration)
        }
        let context = sslContext
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let context {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(RequestHandler(handler: handler))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        guard let boundPort = channel.localAddress?.port else { throw TestServerError.noPort }
        return TestHTTPSServer(port: boundPort, channel: channel)
    }

    func stop() async {
        try? await channel.close().get()
    }

    /// `https://<user>:<password>@127.0.0.1:<port>`.
    func url(user: String = "mbus", password: String, scheme: String = "https") -> URL {
        URL(string: "\(scheme)://\(user):\(password)@127.0.0.1:\(port)")!
    }

    /// A port on which nothing listens (bound, then released).
    static func unusedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw TestServerError.noPort }
        try await channel.close().get()
        return port
    }
}

enum TestServerError: Error {
    case noPort
}

/// Accepts TCP connections and never says a word: for timeout tests.
final class SilentServer: Sendable {
    let port: Int
    private let channel: any Channel

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    static func start() async throws -> SilentServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in channel.eventLoop.makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw TestServerError.noPort }
        return SilentServer(port: port, channel: channel)
    }

    func stop() async {
        try? await channel.close().get()
    }
}

private final class RequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: TestHTTPSServer.Handler
    private var head: HTTPRequestHead?
    private var body = Data()

    init(handler: @escaping TestHTTPSServer.Handler) {
        self.handler = handler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = Data()
        case .body(var buffer):
            if let bytes = buffer.readBytes(length: buffer.readableBytes) { body.append(contentsOf: bytes) }
        case .end:
            guard let head else { return }
            let response = handler(
                ServerRequest(method: head.method.rawValue, uri: head.uri, headers: head.headers, body: body))
            var headers = HTTPHeaders(response.headers)
            headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
            headers.replaceOrAdd(name: "Connection", value: "close")
            let responseHead = HTTPResponseHead(
                version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
            let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                loopBoundContext.value.close(promise: nil)
            }
            self.head = nil
        }
    }
}

/// A loopback port that refuses connections for as long as this object lives: a TCP socket
/// bound to it but not listening. Unlike a port that was free a moment ago, no other test's
/// server can take it meanwhile, so "nothing listening" stays true.
final class RefusingPort: Sendable {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestServerError.noPort }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw TestServerError.noPort
        }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}

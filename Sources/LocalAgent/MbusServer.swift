import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The HTTPS listener of the mbus (spec agent.md §1–§2): TLS 1.2–1.3 with the real agent's
/// TLS 1.2 suites, ALPN `http/1.1`, one `MbusConnection` per accepted connection.
struct MbusServer: Sendable {
    let configuration: MbusListenConfiguration
    let sslContext: NIOSSLContext
    let connection: MbusConnection
    let logger: Logger

    /// Loads the listener's certificate chain and key (PEM; PKCS#1 or PKCS#8 keys).
    /// - Throws: `LocalAgentError` naming the settings field, never the key itself.
    static func makeSSLContext(certificatePEM: String, privateKeyPEM: String) throws -> NIOSSLContext {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8))
        } catch {
            throw LocalAgentError(
                "Loading configured tls certificate: 'env.bosh.mbus.cert.certificate' is not a PEM certificate")
        }
        guard !chain.isEmpty else {
            throw LocalAgentError(
                "Loading configured tls certificate: 'env.bosh.mbus.cert.certificate' has no certificate")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
        } catch {
            throw LocalAgentError(
                "Loading configured tls certificate: 'env.bosh.mbus.cert.private_key' is not a PEM private key")
        }
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.minimumTLSVersion = .tlsv12
        tls.maximumTLSVersion = .tlsv13
        tls.cipherSuites = "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256"
        tls.applicationProtocols = ["http/1.1"]
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw LocalAgentError(
                "Loading configured tls certificate: the certificate and private key do not form a usable pair")
        }
    }

    /// Binds and serves until the task is cancelled or the listener fails.
    /// - Parameter onListening: called once the socket is bound.
    /// - Throws: `LocalAgentError` when the address cannot be bound.
    func run(onListening: @Sendable () -> Void) async throws {
        let context = sslContext
        let listener: NIOAsyncChannel<MbusConnection.Accepted, Never>
        do {
            listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.backlog, value: 128)
                .bind(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        let sink = BlobUploadSink(eventLoop: channel.eventLoop)
                        try channel.pipeline.syncOperations.addHandler(sink)
                        let requests = try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                            wrappingChannelSynchronously: channel)
                        return MbusConnection.Accepted(
                            requests: requests, blobSink: BlobUploadControl(sink, eventLoop: channel.eventLoop))
                    }
                }
        } catch {
            throw LocalAgentError(
                "Listening on \(configuration.host):\(configuration.port): \(error)")
        }
        logger.info("listening on \(configuration.redactedURL)")
        onListening()
        let handler = connection
        try await withThrowingDiscardingTaskGroup { group in
            try await listener.executeThenClose { inbound in
                for try await child in inbound {
                    group.addTask { await handler.serve(child) }
                }
            }
        }
    }
}

import Crypto
import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A SOCKS5 server on 127.0.0.1 whose every connection goes through the jumpbox: what libcurl
/// (agent requests, blob store, downloads) is pointed at when `BOSH_ALL_PROXY` is
/// `ssh+socks5://`. bosh-cli's socks5-proxy package starts the same kind of local server.
///
/// Unlike that server, this one asks for a password, random per process: another user of the
/// machine cannot use the tunnel into the private network. Each transfer logs in under its own
/// username, so a refused channel can be told to the transfer that asked for it.
public final class JumpboxRelay: Sendable {
    /// The jumpbox connection behind the relay.
    public let jumpbox: SSHJumpbox
    /// The loopback port the relay listens on.
    public let port: Int
    private let password: String
    private let failures: TransferFailures
    private let transfers = Atomic<Int>(0)
    private let server: any Channel

    private init(jumpbox: SSHJumpbox, port: Int, password: String, failures: TransferFailures, server: any Channel) {
        self.jumpbox = jumpbox
        self.port = port
        self.password = password
        self.failures = failures
        self.server = server
    }

    /// Starts listening on an ephemeral loopback port. Never call on an event loop.
    /// - Throws: the bind's error.
    public static func start(jumpbox: SSHJumpbox) throws -> JumpboxRelay {
        let password = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
        let failures = TransferFailures()
        let server = try ServerBootstrap(group: jumpbox.loop)
            .serverChannelOption(.backlog, value: 64)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        SOCKS5RelayHandler(jumpbox: jumpbox, password: password, failures: failures))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .wait()
        let port = server.localAddress?.port ?? 0
        return JumpboxRelay(jumpbox: jumpbox, port: port, password: password, failures: failures, server: server)
    }

    /// The proxy URL for libcurl (`socks5h`: the jumpbox resolves names).
    public var proxyURL: String { "socks5h://127.0.0.1:\(port)" }

    /// Credentials for one transfer: a username of its own and the relay's password.
    public func credentials() -> (username: String, password: String) {
        let number = transfers.add(1, ordering: .relaxed).newValue
        return ("transfer-\(number)", password)
    }

    /// Why the jumpbox refused a channel of the transfer that used `username`, if it did.
    public func takeFailure(username: String) -> JumpboxTunnelError? {
        failures.take(for: username)
    }

    /// Stops listening (tests; a run's relay lives as long as the process).
    public func close() {
        try? server.close().wait()
    }
}

import NIOCore
import NIOPosix
import NIOSSH
import Synchronization

#if canImport(Glibc)
import Foundation
import Glibc
#endif

/// The SSH connection to the jumpbox, opened on first use and again after it ends, through which
/// forwarding (`direct-tcpip`) channels reach the private network: the jumpbox resolves the
/// target's name and connects, as bosh-cli's `ssh.Client.Dial` does. One event loop carries the
/// connection, its channels and the relay's sockets, so handlers can be wired synchronously.
public final class SSHJumpbox: Sendable {
    /// Where the jumpbox is and who logs in.
    public let settings: SSHJumpboxSettings
    /// The loop every channel of the tunnel lives on.
    let loop: any EventLoop
    private let key: NIOSSHPrivateKey
    private let pin = PinnedHostKeyDelegate.Pin()
    private let handshakeTimeout: TimeAmount
    private let current = Mutex<EventLoopFuture<any Channel>?>(nil)

    /// Reads the key; connects only when a channel is first needed.
    /// - Parameters:
    ///   - settings: the jumpbox from `BOSH_ALL_PROXY`.
    ///   - loop: the event loop of the tunnel.
    ///   - handshakeTimeout: limit for the TCP connect and for the SSH handshake (bosh-cli: 30 s).
    /// - Throws: `JumpboxTunnelError.key` when the key file cannot be used.
    public init(
        settings: SSHJumpboxSettings, loop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next(),
        handshakeTimeout: TimeAmount = .seconds(30)
    ) throws(JumpboxTunnelError) {
        self.settings = settings
        self.loop = loop
        self.handshakeTimeout = handshakeTimeout
        do {
            key = try SSHPrivateKeyFile.load(path: settings.privateKeyPath)
        } catch {
            throw .key(error)
        }
    }

    /// The authenticated connection: the open one, or a new one when there is none.
    public func connection() -> EventLoopFuture<any Channel> {
        let (future, isNew) = current.withLock { current -> (EventLoopFuture<any Channel>, Bool) in
            if let current { return (current, false) }
            let future = connect()
            current = future
            return (future, true)
        }
        // Registered outside the lock: a callback may run at once and take it.
        if isNew {
            future.whenComplete { [self] result in
                switch result {
                case .failure: forget(future)
                case .success(let channel): channel.closeFuture.whenComplete { [self] _ in forget(future) }
                }
            }
        }
        return future
    }

    /// Waits for the connection. Never call on an event loop.
    public func connectAndWait() throws(JumpboxTunnelError) {
        do {
            _ = try connection().wait()
        } catch {
            throw SSHHandshakeWatcher.tunnelError(error, jumpbox: settings.displayName)
        }
    }

    /// Opens a forwarding channel to `host:port` whose bytes flow through `pipe` (added before
    /// the channel reads anything). Call on `loop`.
    /// - Returns: the channel once the jumpbox accepted it; fails with `JumpboxTunnelError`.
    func openChannel(
        host: String, port: Int, originator: SocketAddress, pipe: ChannelPipe
    ) -> EventLoopFuture<any Channel> {
        let jumpbox = settings.displayName
        let target = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        let opened = loop.makePromise(of: (any Channel).self)
        connection().assumeIsolated().whenComplete { result in
            switch result {
            case .failure(let error):
                opened.fail(error)
            case .success(let parent):
                do {
                    let ssh = try parent.pipeline.syncOperations.handler(type: NIOSSHHandler.self)
                    let type = SSHChannelType.directTCPIP(
                        .init(targetHost: host, targetPort: port, originatorAddress: originator))
                    let child = parent.eventLoop.makePromise(of: (any Channel).self)
                    ssh.createChannel(child, channelType: type) { channel, _ in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandlers(SSHChannelDataCodec(), pipe)
                        }.flatMap {
                            channel.setOption(ChannelOptions.allowRemoteHalfClosure, value: true)
                        }
                    }
                    child.futureResult.whenComplete { result in
                        opened.completeWith(result.mapError { Self.refusal($0, jumpbox: jumpbox, target: target) })
                    }
                } catch {
                    opened.fail(SSHHandshakeWatcher.tunnelError(error, jumpbox: jumpbox))
                }
            }
        }
        return opened.futureResult
    }

    private func connect() -> EventLoopFuture<any Channel> {
        let jumpbox = settings.displayName
        let authenticated = loop.makePromise(of: Void.self)
        let delegates = (
            user: PrivateKeyAuthDelegate(username: settings.username, key: key, jumpbox: jumpbox),
            server: PinnedHostKeyDelegate(pin: pin, jumpbox: jumpbox)
        )
        let timeout = handshakeTimeout
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let ssh = NIOSSHHandler(
                        role: .client(.init(userAuthDelegate: delegates.user, serverAuthDelegate: delegates.server)),
                        allocator: channel.allocator, inboundChildChannelInitializer: nil)
                    try channel.pipeline.syncOperations.addHandlers(
                        ssh, SSHHandshakeWatcher(authenticated: authenticated, jumpbox: jumpbox, timeout: timeout))
                }
            }
        return bootstrap.connect(host: settings.host, port: settings.port)
            .flatMapErrorThrowing { error in
                throw JumpboxTunnelError.cannotConnect(
                    jumpbox: jumpbox, detail: Self.connectFailure(error, timeout: timeout))
            }
            .flatMap { channel in
                authenticated.futureResult.map { channel }.flatMapErrorThrowing { error in
                    channel.close(promise: nil)
                    throw error
                }
            }
    }

    private func forget(_ future: EventLoopFuture<any Channel>) {
        current.withLock { current in
            if current === future { current = nil }
        }
    }

    private static func connectFailure(_ error: any Error, timeout: TimeAmount) -> String {
        if let error = error as? ChannelError, case .connectTimeout = error {
            return "no connection within \(timeout.nanoseconds / 1_000_000_000) s"
        }
        var cause = error
        if let error = error as? NIOConnectionError, let first = error.connectionErrors.first { cause = first.error }
        if let io = cause as? IOError { return String(cString: strerror(io.errnoCode)).lowercased() }
        return String(describing: cause)
    }

    /// A refused `direct-tcpip` channel as RFC 4254 names its reason. swift-nio-ssh keeps the
    /// code only in the error's text ("Reason: 2 Connection refused").
    static func refusal(_ error: any Error, jumpbox: String, target: String) -> any Error {
        guard let error = error as? NIOSSHError, error.type == .channelSetupRejected else {
            return SSHHandshakeWatcher.tunnelError(error, jumpbox: jumpbox)
        }
        let text = error.description
        guard let marker = text.range(of: "Reason: ") else {
            return JumpboxTunnelError.channelRefused(jumpbox: jumpbox, target: target, reason: .other(code: 0, text))
        }
        let rest = text[marker.upperBound...]
        let code = UInt32(rest.prefix { $0.isNumber }) ?? 0
        let detail = rest.drop { $0.isNumber }.trimmingCharacters(in: .whitespaces)
        let reason: JumpboxTunnelError.ChannelRefusal
        switch code {
        case 1: reason = .administrativelyProhibited
        case 2: reason = .connectFailed(detail.isEmpty ? "connect failed" : detail)
        default: reason = .other(code: code, detail)
        }
        return JumpboxTunnelError.channelRefused(jumpbox: jumpbox, target: target, reason: reason)
    }
}

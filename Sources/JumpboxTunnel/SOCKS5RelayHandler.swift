import NIOCore
import Synchronization

/// Serves one connection of the loopback relay: the SOCKS5 handshake, then a forwarding channel
/// through the jumpbox to the requested target, and from then on a pipe between the two. A
/// refused channel is answered with the SOCKS reply that matches it and recorded under the
/// client's username, so the transfer that used it can report why.
final class SOCKS5RelayHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let jumpbox: SSHJumpbox
    private let failures: TransferFailures
    private var handshake: SOCKS5ServerHandshake
    private var connecting = false
    private var early: [UInt8] = []

    init(jumpbox: SSHJumpbox, password: String, failures: TransferFailures) {
        self.jumpbox = jumpbox
        self.failures = failures
        self.handshake = SOCKS5ServerHandshake(password: password)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        let received = bytes.readBytes(length: bytes.readableBytes) ?? []
        if connecting {
            early += received
            return
        }
        handshake.append(received)
        while true {
            switch handshake.next() {
            case .needMore:
                return
            case .respond(let reply):
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: reply)), promise: nil)
            case .reject(let reply):
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: reply)))
                    .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
                return
            case .connect(let host, let port, let username, let leftover):
                connecting = true
                early = leftover
                connect(context: context, host: host, port: port, username: username)
                return
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func connect(context: ChannelHandlerContext, host: String, port: Int, username: String) {
        let (remoteEnd, localEnd) = ChannelPipe.pair()
        let originator = context.channel.remoteAddress ?? (try? SocketAddress(ipAddress: "127.0.0.1", port: 0))
        guard let originator else {
            context.close(promise: nil)
            return
        }
        jumpbox.openChannel(host: host, port: port, originator: originator, pipe: remoteEnd)
            .assumeIsolated().whenComplete { [self] result in
                switch result {
                case .success(let remote):
                    let reply = context.channel.allocator.buffer(bytes: SOCKS5ServerHandshake.reply(.succeeded))
                    context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
                    if !early.isEmpty {
                        remote.writeAndFlush(remote.allocator.buffer(bytes: early), promise: nil)
                    }
                    let pipeline = context.pipeline.syncOperations
                    do {
                        try pipeline.addHandler(localEnd)
                        pipeline.removeHandler(context: context, promise: nil)
                    } catch {
                        remote.close(promise: nil)
                        context.close(promise: nil)
                    }
                case .failure(let error):
                    let tunnelError =
                        (error as? JumpboxTunnelError)
                        ?? .handshakeFailed(jumpbox: jumpbox.settings.displayName, detail: String(describing: error))
                    failures.record(tunnelError, for: username)
                    let reply = context.channel.allocator.buffer(
                        bytes: SOCKS5ServerHandshake.reply(Self.code(for: tunnelError)))
                    context.writeAndFlush(wrapOutboundOut(reply))
                        .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
                }
            }
    }

    private static func code(for error: JumpboxTunnelError) -> SOCKS5ServerHandshake.ReplyCode {
        switch error {
        case .channelRefused(_, _, .administrativelyProhibited): return .notAllowed
        case .channelRefused(_, _, .connectFailed): return .connectionRefused
        default: return .generalFailure
        }
    }
}

/// The last tunnel failure of each relay client (one username per transfer).
final class TransferFailures: Sendable {
    private let entries = Mutex<[String: JumpboxTunnelError]>([:])

    func record(_ error: JumpboxTunnelError, for username: String) {
        entries.withLock { $0[username] = error }
    }

    func take(for username: String) -> JumpboxTunnelError? {
        entries.withLock { $0.removeValue(forKey: username) }
    }
}

import NIOCore
import NIOSSH

/// Sits behind the `NIOSSHHandler` of the jumpbox connection and completes `authenticated` once:
/// with success when the server accepts the key, with the first error or the connection's end
/// otherwise. Later errors close the connection; the next transfer opens a new one.
final class SSHHandshakeWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Any

    private let authenticated: EventLoopPromise<Void>
    private let jumpbox: String
    private let timeout: TimeAmount
    private var completed = false

    init(authenticated: EventLoopPromise<Void>, jumpbox: String, timeout: TimeAmount) {
        self.authenticated = authenticated
        self.jumpbox = jumpbox
        self.timeout = timeout
    }

    /// A server that accepts TCP but never finishes the handshake must not hang the deploy.
    func handlerAdded(context: ChannelHandlerContext) {
        let seconds = timeout.nanoseconds / 1_000_000_000
        let channel = context.channel
        context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            guard !completed else { return }
            complete(
                .failure(
                    JumpboxTunnelError.handshakeFailed(
                        jumpbox: jumpbox, detail: "no SSH handshake within \(seconds) s")))
            channel.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is UserAuthSuccessEvent { complete(.success(())) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        complete(.failure(Self.tunnelError(error, jumpbox: jumpbox)))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        complete(
            .failure(JumpboxTunnelError.handshakeFailed(jumpbox: jumpbox, detail: "the jumpbox closed the connection")))
        context.fireChannelInactive()
    }

    private func complete(_ result: Result<Void, any Error>) {
        guard !completed else { return }
        completed = true
        authenticated.completeWith(result)
    }

    /// Our own errors pass through; the SSH library's become a handshake failure naming its type.
    static func tunnelError(_ error: any Error, jumpbox: String) -> JumpboxTunnelError {
        if let error = error as? JumpboxTunnelError { return error }
        if let error = error as? NIOSSHError { return .handshakeFailed(jumpbox: jumpbox, detail: error.description) }
        return .handshakeFailed(jumpbox: jumpbox, detail: String(describing: error))
    }
}

/// An SSH channel's data messages as plain bytes, so the channel can be piped to a socket.
/// Extended data (stderr of a session) does not occur on a forwarding channel and is dropped.
final class SSHChannelDataCodec: ChannelDuplexHandler {
    typealias InboundIn = SSHChannelData
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = SSHChannelData

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        guard case .channel = message.type, case .byteBuffer(let bytes) = message.data else { return }
        context.fireChannelRead(wrapInboundOut(bytes))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let bytes = unwrapOutboundIn(data)
        context.write(wrapOutboundOut(SSHChannelData(type: .channel, data: .byteBuffer(bytes))), promise: promise)
    }
}

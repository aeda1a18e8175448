import NIOCore

/// One end of a two-way pipe between channels on the same event loop: what one end reads, the
/// other writes. Reading waits while the other side cannot take more (backpressure, so a blob
/// upload never piles up in memory), half-closes pass through, and either end closing closes
/// both.
final class ChannelPipe: ChannelDuplexHandler {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny
    typealias OutboundOut = NIOAny

    private var peer: ChannelPipe?
    private var context: ChannelHandlerContext?
    private var readWaitingForPeer = false

    private init() {}

    /// Two connected ends: add one to each channel's pipeline.
    static func pair() -> (ChannelPipe, ChannelPipe) {
        let first = ChannelPipe()
        let second = ChannelPipe()
        first.peer = second
        second.peer = first
        return (first, second)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isWritable { peer?.peerBecameWritable() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        peer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        peer?.context?.write(data, promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        peer?.context?.flush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        peer?.context?.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, case .inputClosed = event {
            peer?.context?.close(mode: .output, promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        peer?.context?.close(promise: nil)
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { peer?.peerBecameWritable() }
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        if let peerContext = peer?.context, peerContext.channel.isWritable {
            context.read()
        } else {
            readWaitingForPeer = true
        }
    }

    private func peerBecameWritable() {
        guard readWaitingForPeer else { return }
        readWaitingForPeer = false
        context?.read()
    }
}

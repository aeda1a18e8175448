import NIOCore
import NIOHTTP1
import Synchronization

/// Writes response parts straight into the connection's pipeline and waits for them to
/// reach the socket, so a large blob never piles up in memory: the async channel's own
/// writer only learns about unwritability after the event loop has queued many chunks.
final class ResponseWriter: Sendable {
    private let channel: any Channel
    /// Writes not yet on the socket; at most `window` of them.
    private let pending = Mutex<[EventLoopFuture<Void>]>([])
    /// How many body chunks may be in flight at once.
    static let window = 4

    init(channel: any Channel) {
        self.channel = channel
    }

    /// Writes `part` after every earlier write, and waits until it is on the socket.
    func write(_ part: HTTPServerResponsePart) async throws {
        try await drain()
        let future: EventLoopFuture<Void> = channel.writeAndFlush(part)
        try await future.get()
    }

    /// Writes `part` without waiting for it, unless `window` writes are already in flight.
    func writeWindowed(_ part: HTTPServerResponsePart) async throws {
        let future: EventLoopFuture<Void> = channel.writeAndFlush(part)
        let oldest: EventLoopFuture<Void>? = pending.withLock { queue in
            queue.append(future)
            return queue.count > Self.window ? queue.removeFirst() : nil
        }
        try await oldest?.get()
    }

    private func drain() async throws {
        let queued = pending.withLock { queue -> [EventLoopFuture<Void>] in
            defer { queue.removeAll() }
            return queue
        }
        for future in queued { try await future.get() }
    }
}

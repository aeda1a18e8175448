import NIOCore
import NIOHTTP1

/// Writes response parts straight into the connection's pipeline and waits for each to reach
/// the socket, so responses never pile up in memory: the async channel's own writer only
/// learns about unwritability after the event loop has queued many parts. Blob bodies go
/// through `BlobFileSender` on the event loop instead.
struct ResponseWriter: Sendable {
    let channel: any Channel

    /// Writes `part` and waits until it is on the socket.
    func write(_ part: HTTPServerResponsePart) async throws {
        let future: EventLoopFuture<Void> = channel.writeAndFlush(part)
        try await future.get()
    }
}

import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#endif

/// Writes the body of an accepted blob `PUT` straight into its file on the connection's event
/// loop, instead of sending every decrypted piece through the async request stream to a task
/// that writes it from another thread. That hop cost about as much CPU as the decryption
/// (wake-ups, a fresh buffer per piece, the bytes cooling down on their way to another core),
/// and on two cores an upload is bound by total CPU (docs/performance.md).
///
/// Protocol: after forwarding a `PUT /blobs/...` head, the sink holds that request's body parts
/// and any further socket reads until the async side has checked the request and opened the
/// file: `attach(fileDescriptor:)` then writes the body into it (nothing of it is forwarded;
/// the future completes at the request's end). A request whose head `holdsBody(of:)` must get
/// that call or an answer that closes the connection (`MbusConnection` refuses uploads that
/// way, without reading their body), or the connection stalls.
/// All state lives on the event loop; `BlobUploadControl` is the async side's handle.
///
/// Trade-off: the event loop blocks for each `write(2)` (≈ 50 µs for a 170 KiB piece into the
/// page cache; longer if the kernel throttles dirty pages), so an RPC arriving on another
/// connection of the same loop during an upload waits up to one piece's write.
final class BlobUploadSink: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// What the sink made of one body.
    struct Outcome: Sendable {
        /// Body bytes received (written or, after a failed write, discarded).
        var bytes: Int64
        /// The first write error (`Writing blob file: <reason>`); later bytes were discarded.
        var failure: String?
    }

    private enum State {
        case forwarding
        /// A blob PUT's head went on; its parts wait for the async side's decision.
        case holding(parts: [HTTPServerRequestPart], readPending: Bool)
        case sinking(fd: Int32, promise: EventLoopPromise<Outcome>, bytes: Int64, failure: String?)
    }

    private var state = State.forwarding
    private var context: ChannelHandlerContext?
    private let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Whether the sink holds the body that follows `head` (a `PUT` under `/blobs/`).
    static func holdsBody(of head: HTTPRequestHead) -> Bool {
        guard head.method == .PUT else { return false }
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return path.hasPrefix("/blobs/")
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        end(failing: "the connection's pipeline was torn down")
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        process(unwrapInboundIn(data), context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        end(failing: "the connection closed before the end of the body")
        context.fireChannelInactive()
    }

    func read(context: ChannelHandlerContext) {
        // Back-pressure while the async side decides: no more bytes than one read's worth wait.
        if case .holding(let parts, _) = state {
            state = .holding(parts: parts, readPending: true)
            return
        }
        context.read()
    }

    /// Writes the held body, and the rest of it as it arrives, to `fd` (which the caller opened
    /// and closes once the future completes). Call on the event loop.
    /// - Returns: the outcome at the request's end; a failed future (`LocalAgentError`) when
    ///   no body is held or the connection closes first.
    func attach(fileDescriptor fd: Int32) -> EventLoopFuture<Outcome> {
        guard let context, case .holding(let parts, let readPending) = state else {
            return eventLoop.makeFailedFuture(LocalAgentError("Receiving blob: the connection closed before its body"))
        }
        let promise = eventLoop.makePromise(of: Outcome.self)
        state = .sinking(fd: fd, promise: promise, bytes: 0, failure: nil)
        replay(parts, readPending: readPending, context)
        return promise.futureResult
    }

    // MARK: Plumbing

    private func process(_ part: HTTPServerRequestPart, _ context: ChannelHandlerContext) {
        switch state {
        case .forwarding:
            context.fireChannelRead(wrapInboundOut(part))
            if case .head(let head) = part, Self.holdsBody(of: head) {
                state = .holding(parts: [], readPending: false)
            }
        case .holding(var parts, let readPending):
            state = .forwarding  // drop the enum's reference so the append does not copy
            parts.append(part)
            state = .holding(parts: parts, readPending: readPending)
        case .sinking(let fd, let promise, var bytes, var failure):
            switch part {
            case .body(let buffer):
                bytes += Int64(buffer.readableBytes)
                if failure == nil { failure = Self.write(buffer, to: fd) }
                state = .sinking(fd: fd, promise: promise, bytes: bytes, failure: failure)
            case .end:
                state = .forwarding
                promise.succeed(Outcome(bytes: bytes, failure: failure))
            case .head:
                // The decoder never starts a request inside another's body; refuse to guess.
                state = .forwarding
                promise.fail(LocalAgentError("Receiving blob: a new request began inside its body"))
                context.fireChannelRead(wrapInboundOut(part))
            }
        }
    }

    /// Feeds parts held earlier through `process` (any forwarded after the body's end reach the
    /// async stream on the read-complete), then issues the read that was held back, unless
    /// holding again.
    private func replay(_ parts: [HTTPServerRequestPart], readPending: Bool, _ context: ChannelHandlerContext) {
        var forwarded = false
        for part in parts {
            if case .forwarding = state { forwarded = true }
            process(part, context)
        }
        if forwarded { context.fireChannelReadComplete() }
        if case .holding(let held, _) = state {
            state = .holding(parts: held, readPending: readPending)
        } else if readPending {
            context.read()
        }
    }

    private func end(failing reason: String) {
        switch state {
        case .sinking(_, let promise, _, _):
            state = .forwarding
            promise.fail(LocalAgentError("Receiving blob: \(reason)"))
        case .holding:
            state = .forwarding
        case .forwarding:
            break
        }
    }

    private static func write(_ buffer: ByteBuffer, to fd: Int32) -> String? {
        buffer.withUnsafeReadableBytes { raw -> String? in
            guard let base = raw.baseAddress else { return nil }
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fd, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return "Writing blob file: \(String(cString: strerror(errno)))"
                }
                offset += written
            }
            return nil
        }
    }
}

/// The async side's handle on a connection's `BlobUploadSink`.
struct BlobUploadControl: Sendable {
    private let sink: NIOLoopBound<BlobUploadSink>

    init(_ sink: BlobUploadSink, eventLoop: any EventLoop) {
        self.sink = NIOLoopBound(sink, eventLoop: eventLoop)
    }

    /// Streams the held body into `fd` on the event loop; returns at the request's end.
    /// The caller closes `fd` afterwards (also when this throws).
    /// - Throws: `LocalAgentError` when the connection ends before the body does.
    func attach(fileDescriptor fd: Int32) async throws -> BlobUploadSink.Outcome {
        let sink = self.sink
        return try await sink.eventLoop.flatSubmit { sink.value.attach(fileDescriptor: fd) }.get()
    }
}

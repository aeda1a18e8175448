import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#endif

/// Streams a blob file's bytes as response body parts from the connection's event loop.
///
/// Reading each chunk on a task and handing it to the event loop cost two thread hops per
/// chunk (the write, then the wake-up of the task awaiting it); on two cores, where a
/// download is bound by the total CPU of both ends, those wake-ups were a large share of the
/// agent's time (docs/performance.md). Here every step runs on the event loop: a chunk is
/// read (a page-cache read of a local file: tens of microseconds) and written, and each
/// completed write reads the next, with at most `window` chunks queued on the channel, so
/// memory stays `window × chunkSize` whatever the blob size.
///
/// Trade-off: the event loop blocks for each `read(2)`, so an RPC arriving on another
/// connection of the same loop during a download waits up to one chunk's read.
enum BlobFileSender {
    /// Bytes read and written at a time.
    static let chunkSize = 512 << 10
    /// Chunks written but not yet on the socket.
    static let window = 4

    /// Sends `size` bytes of `fd` as body parts (not the head, not the end).
    /// - Returns: a future completed once every chunk is on the socket, failed by a write
    ///   error or a file that ends before `size` bytes (the caller must then drop the
    ///   connection: its Content-Length cannot be honoured). `fd` must stay open until then.
    static func send(fd: Int32, size: Int64, on channel: any Channel) -> EventLoopFuture<Void> {
        let eventLoop = channel.eventLoop
        let promise = eventLoop.makePromise(of: Void.self)
        eventLoop.execute {
            let pump = Pump(fd: fd, remaining: size, channel: channel, promise: promise)
            pump.fill()
        }
        return promise.futureResult
    }

    /// The state of one send, confined to the channel's event loop.
    private final class Pump {
        let fd: Int32
        var remaining: Int64
        let channel: any Channel
        let promise: EventLoopPromise<Void>
        var inFlight = 0
        var done = false

        init(fd: Int32, remaining: Int64, channel: any Channel, promise: EventLoopPromise<Void>) {
            self.fd = fd
            self.remaining = remaining
            self.channel = channel
            self.promise = promise
        }

        /// Reads and writes chunks until the window is full or the file is sent.
        func fill() {
            guard !done else { return }
            var wrote = false
            while inFlight < BlobFileSender.window, remaining > 0 {
                guard let buffer = readChunk() else {
                    finish(.failure(FileEndedEarly()))
                    break
                }
                remaining -= Int64(buffer.readableBytes)
                inFlight += 1
                let loopBound = NIOLoopBound(self, eventLoop: channel.eventLoop)
                channel.write(HTTPServerResponsePart.body(.byteBuffer(buffer))).whenComplete { result in
                    loopBound.value.written(result)
                }
                wrote = true
            }
            if wrote { channel.flush() }
            if remaining == 0, inFlight == 0 { finish(.success(())) }
        }

        private func written(_ result: Result<Void, any Error>) {
            inFlight -= 1
            if case .failure(let error) = result {
                finish(.failure(error))
                return
            }
            fill()
        }

        private func readChunk() -> ByteBuffer? {
            var buffer = channel.allocator.buffer(capacity: BlobFileSender.chunkSize)
            let count = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: BlobFileSender.chunkSize) { raw in
                let wanted = min(BlobFileSender.chunkSize, Int(clamping: remaining))
                var got = -1
                repeat { got = read(fd, raw.baseAddress, wanted) } while got < 0 && errno == EINTR
                return max(got, 0)
            }
            return count > 0 ? buffer : nil
        }

        private func finish(_ result: Result<Void, any Error>) {
            guard !done else { return }
            done = true
            promise.completeWith(result)
        }
    }

    /// The file held fewer bytes than its size said when the send began.
    struct FileEndedEarly: Error {}
}

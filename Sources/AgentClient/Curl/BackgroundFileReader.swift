internal import CCurl
import Foundation
import Synchronization

/// The upload side of a streamed blob: a thread of its own reads the file into a `ChunkRing`
/// and hashes each chunk; libcurl's read callback only copies chunks out. Reading and hashing
/// then overlap the TLS encryption and the socket writes, with memory bounded by the ring.
///
/// The reader thread owns `hasher` and `error` until it publishes the end of the stream; the
/// curl thread reads them only after it has seen that end (`finish`), which the ring's
/// semaphores order. That is what makes `@unchecked Sendable` sound.
final class BackgroundFileReader: @unchecked Sendable {
    private let ring: ChunkRing
    private let fd: Int32
    private let limit: Int64
    private var hasher: StreamingHasher?
    private var error: String?
    private let stop = Atomic<Bool>(false)

    // Curl-thread side.
    private var current: UnsafeRawBufferPointer?
    private var offset = 0
    private var ended = false

    /// Starts reading at most `limit` bytes of `fd` (the size announced to the server, so the
    /// digest covers exactly what is sent); `fd` stays open until `finish()` returns.
    init(fd: Int32, limit: Int64, hasher: StreamingHasher?, slots: Int, chunkSize: Int) {
        ring = ChunkRing(slots: slots, chunkSize: chunkSize)
        self.fd = fd
        self.limit = limit
        self.hasher = hasher
        let thread = Thread { [self] in fill() }
        thread.name = "deployer-blob-reader"
        thread.start()
    }

    /// READFUNCTION body: copies the next bytes into `buffer`.
    /// - Returns: the count (0 at the end of the file), or `CURL_READFUNC_ABORT` after a read error.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let target = buffer.baseAddress, !ended else { return ended && error != nil ? abort : 0 }
        let chunk: UnsafeRawBufferPointer
        if let current {
            chunk = current
        } else {
            guard let next = ring.next() else {
                ended = true
                return error != nil ? abort : 0
            }
            chunk = next
            current = next
            offset = 0
        }
        guard let source = chunk.baseAddress else { return 0 }
        let count = min(buffer.count, chunk.count - offset)
        target.copyMemory(from: source + offset, byteCount: count)
        offset += count
        if offset == chunk.count {
            current = nil
            ring.release()
        }
        return count
    }

    /// Stops the reader (if curl did not read to the end) and waits for it.
    /// - Returns: the hasher fed with every byte read, and the file error if reading failed.
    func finish() -> (hasher: StreamingHasher?, error: String?) {
        if !ended {
            stop.store(true, ordering: .relaxed)
            if current != nil {
                current = nil
                ring.release()
            }
            while ring.next() != nil { ring.release() }
            ended = true
        }
        return (hasher, error)
    }

    private var abort: Int { Int(CURL_READFUNC_ABORT) }

    /// Reader thread: fill whole chunks (fewer hand-offs), hash them, publish them; end the
    /// stream at the limit, at end of file, on error or when told to stop.
    private func fill() {
        var remaining = limit
        while true {
            let slot = ring.claim()
            if stop.load(ordering: .relaxed) || remaining <= 0 {
                ring.publish(length: ChunkRing.endOfStream)
                return
            }
            let want = Int(min(Int64(ring.chunkSize), remaining))
            var filled = 0
            var atEnd = false
            while filled < want {
                let count = Foundation.read(fd, slot + filled, want - filled)
                if count < 0 {
                    if errno == EINTR { continue }
                    error = "cannot read: \(String(cString: strerror(errno)))"
                    ring.publish(length: ChunkRing.endOfStream)
                    return
                }
                if count == 0 {
                    atEnd = true
                    break
                }
                filled += count
            }
            if filled == 0 {
                ring.publish(length: ChunkRing.endOfStream)
                return
            }
            hasher?.update(UnsafeRawBufferPointer(start: slot, count: filled))
            remaining -= Int64(filled)
            ring.publish(length: filled)
            if atEnd { remaining = 0 }
        }
    }
}

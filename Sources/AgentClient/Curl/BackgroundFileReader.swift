import DeployerSupport
import Foundation
import Synchronization

/// Reads an upload's file, and hashes it, on a thread of its own, ahead of libcurl.
///
/// On two cores a blob upload is bound by total CPU. Reading each piece on libcurl's thread
/// and copying it out to a hash thread left that thread doing the file reads, the copies, the
/// encryption and the sends; here this thread reads 1 MiB slots of a `ChunkRing` and hashes
/// them while they are still in cache, and libcurl's thread only copies slots into its
/// buffer. The bytes hashed are exactly the bytes handed to libcurl, in order. Memory stays
/// `slots × chunkSize` whatever the file size.
///
/// The transfer thread owns `read(into:)`/`finish`; the reader thread owns `hasher` and
/// `failure` until it publishes the end of the stream, and the ring's semaphores order those
/// writes before the transfer thread reads them. That hand-over is what makes
/// `@unchecked Sendable` sound; `stopping` is the one value both read, and it is atomic.
final class BackgroundFileReader: @unchecked Sendable {
    private let ring: ChunkRing
    private let fd: Int32
    private var hasher: DigestHasher?
    private var failure: String?
    private let stopping = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    // Transfer-thread side.
    private var current: UnsafeRawBufferPointer?
    private var offset = 0
    private var reachedEnd = false
    private var finished = false

    /// Starts the reader thread on `fd` (left open: the caller closes it after `finish`);
    /// `slots × chunkSize` bytes are allocated once.
    init(fd: Int32, hasher: DigestHasher?, slots: Int, chunkSize: Int) {
        ring = ChunkRing(slots: slots, chunkSize: chunkSize)
        self.fd = fd
        self.hasher = hasher
        let thread = Thread { [self] in fill() }
        thread.name = "deployer-blob-read"
        thread.start()
    }

    /// Copies the next bytes of the file into `buffer` (waits while none are read yet).
    /// - Returns: the count copied, 0 at the end of the file, `nil` when reading failed
    ///   (`finish` says why).
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        guard let destination = buffer.baseAddress, !reachedEnd else { return failure == nil ? 0 : nil }
        if current == nil {
            guard let chunk = ring.next() else {
                reachedEnd = true
                return failure == nil ? 0 : nil
            }
            current = chunk
            offset = 0
        }
        guard let chunk = current, let source = chunk.baseAddress else { return 0 }
        let count = min(buffer.count, chunk.count - offset)
        destination.copyMemory(from: source + offset, byteCount: count)
        offset += count
        if offset == chunk.count {
            ring.release()
            current = nil
        }
        return count
    }

    /// Stops the reader (if libcurl stopped early) and waits for its thread to end. Safe to
    /// call more than once.
    /// - Returns: the hasher fed with every byte read (all of the file once `read(into:)`
    ///   returned 0) and the read error, if any.
    func finish() -> (hasher: DigestHasher?, failure: String?) {
        if !finished {
            finished = true
            stopping.store(true, ordering: .relaxed)
            if current != nil {
                ring.release()
                current = nil
            }
            // Releasing what is left unblocks a reader waiting for a free slot.
            while !reachedEnd {
                if ring.next() == nil { reachedEnd = true } else { ring.release() }
            }
            done.wait()
        }
        return (hasher, failure)
    }

    private func fill() {
        while true {
            let slot = ring.claim()
            if stopping.load(ordering: .relaxed) {
                ring.publish(length: ChunkRing.endOfStream)
                break
            }
            var count = -1
            repeat { count = Glibc.read(fd, slot, ring.chunkSize) } while count < 0 && errno == EINTR
            if count < 0 {
                failure = "cannot read: \(String(cString: strerror(errno)))"
            }
            if count <= 0 {
                ring.publish(length: ChunkRing.endOfStream)
                break
            }
            hasher?.update(UnsafeRawBufferPointer(start: slot, count: count))
            ring.publish(length: count)
        }
        done.signal()
    }
}

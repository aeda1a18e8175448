import Dispatch
import Foundation

/// Hashes a byte stream on a thread of its own (blob downloads and uploads). SHA-1 costs about
/// three times the CPU of the TLS encryption or decryption (≈1.6 GB/s against ≈5 GB/s for
/// AES-GCM here), so hashing inline on the transfer thread made a blob transfer 1.5–2× slower
/// than curl's; done beside it, the hash runs on the other core. The transfer thread
/// only copies each piece into a `ChunkRing` (a bounded hand-off: memory stays
/// `slots × chunkSize` whatever the blob size, and a slow hasher holds the transfer back
/// rather than buffering).
///
/// The transfer thread owns `append`/`finish`; the hash thread owns `hasher` until it passes
/// the end of the stream, which `finish` waits for on a semaphore. That hand-over is what makes
/// `@unchecked Sendable` sound.
final class BackgroundHasher: @unchecked Sendable {
    private let ring: ChunkRing
    private var hasher: StreamingHasher
    private let done = DispatchSemaphore(value: 0)

    // Transfer-thread side.
    private var current: UnsafeMutableRawPointer?
    private var filled = 0
    private var finished = false

    /// Starts the hash thread; `slots × chunkSize` bytes are allocated once.
    init(_ hasher: StreamingHasher, slots: Int, chunkSize: Int) {
        ring = ChunkRing(slots: slots, chunkSize: chunkSize)
        self.hasher = hasher
        let thread = Thread { [self] in drain() }
        thread.name = "deployer-blob-hash"
        thread.start()
    }

    /// Queues `bytes` for hashing (copies them; waits while the ring is full).
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !finished else { return }
        var offset = 0
        while offset < bytes.count {
            let slot: UnsafeMutableRawPointer
            if let current {
                slot = current
            } else {
                slot = ring.claim()
                current = slot
                filled = 0
            }
            let count = min(ring.chunkSize - filled, bytes.count - offset)
            (slot + filled).copyMemory(from: source + offset, byteCount: count)
            filled += count
            offset += count
            if filled == ring.chunkSize {
                ring.publish(length: filled)
                current = nil
            }
        }
    }

    /// Flushes the partial chunk, ends the stream and waits until everything is hashed.
    /// Safe to call more than once.
    /// - Returns: the hasher fed with every appended byte, in order.
    func finish() -> StreamingHasher {
        if !finished {
            finished = true
            if current != nil, filled > 0 {
                ring.publish(length: filled)
                current = nil
            }
            if current == nil { _ = ring.claim() }
            ring.publish(length: ChunkRing.endOfStream)
            current = nil
            done.wait()
        }
        return hasher
    }

    private func drain() {
        while let chunk = ring.next() {
            hasher.update(chunk)
            ring.release()
        }
        done.signal()
    }
}

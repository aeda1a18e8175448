import DeployerSupport
import Foundation
import Synchronization

/// Writes a download's body into its file, and hashes it, on a thread of its own.
///
/// On two cores a blob download is bound by total CPU: libcurl's thread receives and decrypts,
/// and the same machine's page cache takes the writes. Writing each piece from libcurl's
/// thread as it arrives (16 KiB at a time) and hashing beside it left that thread doing the
/// decryption, tens of thousands of `write(2)` calls and a copy for the hasher. Here that
/// thread only copies each piece into a `ChunkRing` slot; this thread writes each 1 MiB slot
/// out and hashes it. Memory stays `slots × chunkSize` whatever the blob size, and a slow disk
/// holds the transfer back rather than buffering (docs/performance.md).
///
/// The transfer thread owns `append`/`finish`; the writer thread owns `hasher` and `failure`
/// until it passes the end of the stream, which `finish` waits for on a semaphore. That
/// hand-over is what makes `@unchecked Sendable` sound; `failed` is the one value both read
/// while the transfer runs, and it is atomic.
final class BackgroundFileWriter: @unchecked Sendable {
    private let ring: ChunkRing
    private let fd: Int32
    private var hasher: DigestHasher?
    private var failure: String?
    private let failed = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    // Transfer-thread side.
    private var current: UnsafeMutableRawPointer?
    private var filled = 0
    private var finished = false

    /// Starts the writer thread for `fd` (left open: the caller closes it after `finish`);
    /// `slots × chunkSize` bytes are allocated once.
    init(fd: Int32, hasher: DigestHasher?, slots: Int, chunkSize: Int) {
        ring = ChunkRing(slots: slots, chunkSize: chunkSize)
        self.fd = fd
        self.hasher = hasher
        let thread = Thread { [self] in drain() }
        thread.name = "deployer-blob-write"
        thread.start()
    }

    /// Whether a write failed: the transfer should stop, `finish` says why.
    var hasFailed: Bool { failed.load(ordering: .acquiring) }

    /// Queues `bytes` (copies them; waits while the ring is full).
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

    /// Flushes the partial chunk, ends the stream and waits until everything is written.
    /// Safe to call more than once.
    /// - Returns: the hasher fed with every appended byte, in order, and the first write error.
    func finish() -> (hasher: DigestHasher?, failure: String?) {
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
        return (hasher, failure)
    }

    /// Bytes per `write(2)`: what curl writes at a time. Larger writes let the kernel back
    /// the file with large folios, and on the 2-core VM this was measured on fresh large
    /// folios were slow to come by: writing whole 1 MiB slots into ext4 made a 512 MiB
    /// download take 2.3–2.5 s (2.2–2.8 s of it system time) against 1.1–1.2 s this way.
    static let writeSize = 16 << 10

    private func drain() {
        while let chunk = ring.next() {
            // After a failed write the rest is only released, so the transfer never blocks.
            if failure == nil {
                if let error = writeAll(chunk) {
                    failure = error
                    failed.store(true, ordering: .releasing)
                } else {
                    hasher?.update(chunk)
                }
            }
            ring.release()
        }
        done.signal()
    }

    private func writeAll(_ chunk: UnsafeRawBufferPointer) -> String? {
        guard let base = chunk.baseAddress else { return nil }
        var offset = 0
        while offset < chunk.count {
            let written = write(fd, base + offset, min(Self.writeSize, chunk.count - offset))
            if written < 0 {
                if errno == EINTR { continue }
                return "cannot write: \(String(cString: strerror(errno)))"
            }
            offset += written
        }
        return nil
    }
}

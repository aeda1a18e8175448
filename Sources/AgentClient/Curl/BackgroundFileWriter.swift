import Foundation
import Synchronization

/// The download side of a streamed blob: libcurl's write callback only copies the body into a
/// `ChunkRing`; a thread of its own writes each chunk to the output file and hashes it. Hashing
/// (SHA-1 alone costs about as much CPU as the TLS decryption) and the file writes then overlap
/// the network instead of stalling it, and memory stays bounded by the ring.
///
/// The curl thread owns `append`/`finish`; the writer thread owns `hasher`, `error` until it
/// passes the end of the stream, which `finish` waits for. That hand-over (a semaphore) is
/// what makes `@unchecked Sendable` sound.
final class BackgroundFileWriter: @unchecked Sendable {
    private let ring: ChunkRing
    private let fd: Int32
    private var hasher: StreamingHasher?
    private var error: String?
    private let failed = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    // Curl-thread side.
    private var current: UnsafeMutableRawPointer?
    private var filled = 0
    private var finished = false

    /// Starts the writer thread for `fd`, which stays open until `finish()` returns.
    init(fd: Int32, hasher: StreamingHasher?, slots: Int, chunkSize: Int) {
        ring = ChunkRing(slots: slots, chunkSize: chunkSize)
        self.fd = fd
        self.hasher = hasher
        let thread = Thread { [self] in drain() }
        thread.name = "deployer-blob-writer"
        thread.start()
    }

    /// Copies `bytes` into the ring (waiting while it is full).
    /// - Returns: false once writing the file failed: the transfer should abort.
    func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !failed.load(ordering: .relaxed), let source = bytes.baseAddress else { return !failed.load(ordering: .relaxed) }
        if Self.inline, Self.writeAll(bytes, to: fd) != nil { return false }
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
        return true
    }

    /// Flushes what is buffered, ends the stream and waits until the writer has written and
    /// hashed everything.
    /// - Returns: the hasher fed with every byte written, and the file error if writing failed.
    func finish() -> (hasher: StreamingHasher?, error: String?) {
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
        return (hasher, error)
    }

    /// Writer thread: write and hash each chunk piece by piece (each piece is hashed while
    /// the write has just pulled it into cache); after a failure keep releasing slots so the
    /// curl thread never blocks, until the end of the stream.
    private func drain() {
        while let chunk = ring.next() {
            if error == nil, let base = chunk.baseAddress {
                var offset = 0
                while offset < chunk.count {
                    let piece = UnsafeRawBufferPointer(start: base + offset, count: min(Self.piece, chunk.count - offset))
                    if !Self.inline, let message = Self.writeAll(piece, to: fd) {
                        error = message
                        failed.store(true, ordering: .relaxed)
                        break
                    }
                    hasher?.update(piece)
                    offset += piece.count
                }
            }
            ring.release()
        }
        done.signal()
    }

    static let piece = ProcessInfo.processInfo.environment["DEPLOYER_EXP_WCHUNK"].flatMap(Int.init) ?? (64 << 10)
    static let inline = ProcessInfo.processInfo.environment["DEPLOYER_EXP_INLINE"] != nil
    static func writeAll(_ chunk: UnsafeRawBufferPointer, to fd: Int32) -> String? {
        guard let base = chunk.baseAddress else { return nil }
        var offset = 0
        while offset < chunk.count {
            let written = write(fd, base + offset, chunk.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return "cannot write: \(String(cString: strerror(errno)))"
            }
            offset += written
        }
        return nil
    }
}

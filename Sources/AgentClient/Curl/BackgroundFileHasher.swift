import Foundation

/// EXPERIMENT: hashes the first `limit` bytes of `fd` with pread on its own thread.
final class BackgroundFileHasher: @unchecked Sendable {
    private let fd: Int32
    private let limit: Int64
    private var hasher: StreamingHasher?
    private var error: String?
    private let done = DispatchSemaphore(value: 0)

    init(fd: Int32, limit: Int64, hasher: StreamingHasher?) {
        self.fd = fd
        self.limit = limit
        self.hasher = hasher
        let thread = Thread { [self] in run() }
        thread.name = "deployer-blob-hasher"
        thread.start()
    }

    func finish() -> (hasher: StreamingHasher?, error: String?) {
        done.wait()
        return (hasher, error)
    }

    private func run() {
        let size = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate(); done.signal() }
        var position: Int64 = 0
        while position < limit {
            let count = pread(fd, buffer, Int(min(Int64(size), limit - position)), off_t(position))
            if count < 0 {
                if errno == EINTR { continue }
                error = "cannot read: \(String(cString: strerror(errno)))"
                return
            }
            if count == 0 { return }
            hasher?.update(UnsafeRawBufferPointer(start: buffer, count: count))
            position += Int64(count)
        }
    }
}

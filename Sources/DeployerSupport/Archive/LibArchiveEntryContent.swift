import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The content of the member a `LibArchiveReadSession` is positioned on.
final class LibArchiveEntryContent: ArchiveEntryContent {
    private let session: LibArchiveReadSession
    private let entry: ArchiveEntry
    /// Cleared when iteration moves on, so a stream kept past its step cannot read another
    /// member's bytes.
    var isValid = true

    init(session: LibArchiveReadSession, entry: ArchiveEntry) {
        self.session = session
        self.entry = entry
    }

    private func checkValid() throws(ArchiveError) {
        guard isValid else {
            throw ArchiveError(tarball: session.tarball, entry: entry.path, reason: .entryStreamExpired)
        }
    }

    func forEachBlock(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try checkValid()
        var position: Int64 = 0
        let zeros = [UInt8](repeating: 0, count: 65536)
        try session.forEachDataBlock(entry: entry.path) { offset, block in
            // Sparse members come as blocks with gaps; the holes read as zeros.
            while position < offset {
                let gap = Int(min(Int64(zeros.count), offset - position))
                try zeros.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<gap])) }
                position += Int64(gap)
            }
            try body(block)
            position += Int64(block.count)
        }
    }

    func readAll(limit: Int) throws -> Data {
        try checkValid()
        let tooLarge = ArchiveError(tarball: session.tarball, entry: entry.path, reason: .memberTooLarge(limit: limit))
        guard entry.size <= Int64(limit) else { throw tooLarge }
        var data = Data()
        data.reserveCapacity(Int(max(0, entry.size)))
        try forEachBlock { block in
            guard data.count + block.count <= limit else { throw tooLarge }
            data.append(contentsOf: block)
        }
        return data
    }

    func write(toFile path: String, permissions: UInt32) throws {
        try checkValid()
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode_t(permissions & 0o777))
        guard fd >= 0 else { throw writeError(path) }
        var closed = false
        defer { if !closed { close(fd) } }
        var end: Int64 = 0
        try session.forEachDataBlock(entry: entry.path) { offset, block in
            var written = 0
            while written < block.count {
                let count = pwrite(
                    fd, block.baseAddress.map { $0 + written }, block.count - written, off_t(offset) + off_t(written))
                if count < 0 {
                    if errno == EINTR { continue }
                    throw writeError(path)
                }
                written += count
            }
            end = max(end, offset + Int64(block.count))
        }
        // A sparse member may end in a hole: extend the file to its declared size.
        if entry.size > end, ftruncate(fd, off_t(entry.size)) != 0 { throw writeError(path) }
        // O_CREAT honours the umask; set the header's bits exactly.
        guard fchmod(fd, mode_t(permissions & 0o777)) == 0 else { throw writeError(path) }
        closed = true
        guard close(fd) == 0 else { throw writeError(path) }
    }

    private func writeError(_ path: String) -> ArchiveError {
        ArchiveError(
            tarball: session.tarball, entry: entry.path,
            reason: .writeFailed(path: path, message: String(cString: strerror(errno))))
    }
}

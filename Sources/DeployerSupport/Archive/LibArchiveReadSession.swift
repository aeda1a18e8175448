internal import CLibArchive
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Feeds a tarball file (or a small tarball already in memory, such as a job inside a release)
/// to libarchive block by block and hashes every block it hands out, so the digest of the
/// whole file comes from the same single read that decodes it.
final class HashingFileSource {
    let fd: Int32
    let blockSize: Int
    let buffer: UnsafeMutableRawPointer
    var hasher: DigestHasher
    var readError: Int32 = 0
    private let memory: Data?
    private var position = 0

    init(fd: Int32, blockSize: Int, hasher: DigestHasher) {
        self.fd = fd
        self.blockSize = blockSize
        self.hasher = hasher
        self.buffer = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 16)
        memory = nil
    }

    /// Reads from `data` instead of a file: nothing touches the disk.
    init(data: Data, blockSize: Int, hasher: DigestHasher) {
        fd = -1
        self.blockSize = blockSize
        self.hasher = hasher
        self.buffer = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 16)
        memory = data
    }

    deinit {
        buffer.deallocate()
        if fd >= 0 { close(fd) }
    }

    /// Reads the next block; returns its length, 0 at end of file, -1 on error.
    func readBlock() -> Int {
        if let memory {
            let count = min(blockSize, memory.count - position)
            guard count > 0 else { return 0 }
            let start = memory.startIndex + position
            memory.copyBytes(to: buffer.assumingMemoryBound(to: UInt8.self), from: start..<(start + count))
            position += count
            hasher.update(UnsafeRawBufferPointer(start: buffer, count: count))
            return count
        }
        while true {
            let count = read(fd, buffer, blockSize)
            if count < 0 {
                if errno == EINTR { continue }
                readError = errno
                return -1
            }
            hasher.update(UnsafeRawBufferPointer(start: buffer, count: count))
            return count
        }
    }

    /// Hashes what libarchive did not need (padding after the end-of-archive blocks), so the
    /// digest covers the whole file.
    func drain() -> Bool {
        while true {
            let count = readBlock()
            if count < 0 { return false }
            if count == 0 { return true }
        }
    }
}

/// One libarchive read handle over one tarball; not thread-safe, used by one call at a time.
final class LibArchiveReadSession {
    let tarball: String
    let archive: OpaquePointer
    let source: HashingFileSource
    /// The libarchive entry of the current header, valid until the next `nextHeader()`.
    private(set) var current: OpaquePointer?

    convenience init(tarball: String, algorithms: [DigestAlgorithm], blockSize: Int = 65536) throws(ArchiveError) {
        let hasher = try Self.hasher(algorithms, tarball: tarball)
        let fd = open(tarball, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ArchiveError(tarball: tarball, reason: .unreadable(code: errno)) }
        try self.init(tarball: tarball, source: HashingFileSource(fd: fd, blockSize: blockSize, hasher: hasher))
    }

    /// A session over a tarball held in memory; `label` names it in errors.
    convenience init(data: Data, label: String, algorithms: [DigestAlgorithm]) throws(ArchiveError) {
        let hasher = try Self.hasher(algorithms, tarball: label)
        try self.init(tarball: label, source: HashingFileSource(data: data, blockSize: 65536, hasher: hasher))
    }

    private static func hasher(_ algorithms: [DigestAlgorithm], tarball: String) throws(ArchiveError) -> DigestHasher {
        do {
            return try DigestHasher(algorithms: algorithms)
        } catch {
            throw ArchiveError(tarball: tarball, reason: .malformed(error.description))
        }
    }

    private init(tarball: String, source: HashingFileSource) throws(ArchiveError) {
        self.tarball = tarball
        self.source = source
        guard let handle = archive_read_new() else {
            throw ArchiveError(tarball: tarball, reason: .malformed("libarchive could not allocate a reader"))
        }
        archive = handle
        // gzip (what bosh writes), plain tar (no_compression releases), and the other common
        // filters for tarballs built by hand; the format is auto-detected among tar variants.
        archive_read_support_filter_gzip(handle)
        archive_read_support_filter_bzip2(handle)
        archive_read_support_filter_xz(handle)
        archive_read_support_format_tar(handle)
        let opened = archive_read_open(
            handle, Unmanaged.passUnretained(source).toOpaque(), nil,
            { _, client, bufferOut in
                guard let client, let bufferOut else { return -1 }
                let source = Unmanaged<HashingFileSource>.fromOpaque(client).takeUnretainedValue()
                let count = source.readBlock()
                bufferOut.pointee = UnsafeRawPointer(source.buffer)
                return count
            }, nil)
        // The object is fully initialised here, so `deinit` frees the handle on this throw.
        if opened != ARCHIVE_OK { throw failure(entry: nil) }
    }

    deinit {
        archive_read_free(archive)
    }

    /// The error for a failed libarchive call: a read error of the file itself wins.
    func failure(entry: String?) -> ArchiveError {
        if source.readError != 0 {
            return ArchiveError(tarball: tarball, entry: entry, reason: .unreadable(code: source.readError))
        }
        let message = archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
        return ArchiveError(tarball: tarball, entry: entry, reason: .malformed(message))
    }

    /// Advances to the next member; nil at the end of the archive.
    func nextHeader() throws(ArchiveError) -> ArchiveEntry? {
        var entry: OpaquePointer?
        let status = archive_read_next_header(archive, &entry)
        if status == ARCHIVE_EOF {
            current = nil
            return nil
        }
        // ARCHIVE_WARN covers harmless things such as a name that cannot be converted to the
        // current locale; the raw bytes are still there and are validated below.
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
            throw failure(entry: nil)
        }
        current = entry
        return try Self.describe(entry, tarball: tarball)
    }

    /// Hashes the rest of the file and returns the digests of the whole tarball.
    func finish() throws(ArchiveError) -> MultiDigest {
        guard source.drain() else {
            throw ArchiveError(tarball: tarball, reason: .unreadable(code: source.readError))
        }
        return source.hasher.finalize()
    }

    /// Calls `body` with each data block of the current member at its offset in the member.
    func forEachDataBlock(entry name: String, _ body: (Int64, UnsafeRawBufferPointer) throws -> Void) throws {
        while true {
            var block: UnsafeRawPointer?
            var size = 0
            var offset: la_int64_t = 0
            let status = archive_read_data_block(archive, &block, &size, &offset)
            if status == ARCHIVE_EOF { return }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN else { throw failure(entry: name) }
            try body(Int64(offset), UnsafeRawBufferPointer(start: block, count: size))
        }
    }

    static func describe(_ entry: OpaquePointer, tarball: String) throws(ArchiveError) -> ArchiveEntry {
        guard let rawName = archive_entry_pathname(entry) else {
            throw ArchiveError(tarball: tarball, entry: "", reason: .invalidName)
        }
        guard let name = String(validatingCString: rawName), !name.isEmpty else {
            throw ArchiveError(tarball: tarball, entry: String(cString: rawName), reason: .invalidName)
        }
        let hardLink = archive_entry_hardlink(entry).map { String(cString: $0) }
        let kind: ArchiveEntry.Kind
        if hardLink != nil {
            kind = .hardLink
        } else {
            switch UInt32(archive_entry_filetype(entry)) {
            case 0o100000: kind = .file
            case 0o040000: kind = .directory
            case 0o120000: kind = .symlink
            case 0o020000: kind = .characterDevice
            case 0o060000: kind = .blockDevice
            case 0o010000: kind = .fifo
            case 0o140000: kind = .socket
            default: kind = .unknown
            }
        }
        let target = kind == .symlink ? archive_entry_symlink(entry).map { String(cString: $0) } : hardLink
        return ArchiveEntry(
            path: name, kind: kind, size: Int64(archive_entry_size(entry)),
            permissions: UInt32(archive_entry_perm(entry)) & 0o7777, linkTarget: target,
            modificationDate: Date(timeIntervalSince1970: TimeInterval(archive_entry_mtime(entry))))
    }
}

internal import CLibArchive
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `ArchiveWriter` over libarchive: pax-restricted tar (plain ustar unless a name needs
/// more), optionally gzip, entries sorted by path (after any `leadingEntries`), modes kept,
/// owner 0:0 without names.
public struct LibArchiveWriter: ArchiveWriter {
    /// Creates a writer.
    public init() {}

    @discardableResult
    public func writeTarball(
        from directory: String, to tarball: String, options: ArchiveWriteOptions = ArchiveWriteOptions()
    ) throws -> MultiDigest {
        let hasher: DigestHasher
        do {
            hasher = try DigestHasher(algorithms: options.digestAlgorithms)
        } catch {
            throw ArchiveError(tarball: tarball, reason: .malformed(error.description))
        }
        var files = try TreeWalker(root: directory, tarball: tarball).sortedEntries()
        if !options.leadingEntries.isEmpty {
            func isUnder(_ file: TreeWalker.Entry, _ top: String) -> Bool {
                file.name == top || file.name.hasPrefix(top + "/")
            }
            let leading = options.leadingEntries.flatMap { top in files.filter { isUnder($0, top) } }
            files = leading + files.filter { file in !options.leadingEntries.contains { isUnder(file, $0) } }
        }
        let fd = open(tarball, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ArchiveError(
                tarball: tarball, reason: .writeFailed(path: tarball, message: String(cString: strerror(errno))))
        }
        let sink = HashingFileSink(fd: fd, hasher: hasher)
        var finished = false
        defer {
            close(fd)
            if !finished { unlink(tarball) }
        }
        guard let archive = archive_write_new() else {
            throw ArchiveError(tarball: tarball, reason: .malformed("libarchive could not allocate a writer"))
        }
        defer { archive_write_free(archive) }
        archive_write_set_format_pax_restricted(archive)
        if options.gzip {
            archive_write_add_filter_gzip(archive)
            if options.modificationDate != nil {
                // Without this the gzip header records the current time.
                archive_write_set_filter_option(archive, "gzip", "timestamp", nil)
            }
        }
        archive_write_set_bytes_in_last_block(archive, 1)
        let opened = archive_write_open2(
            archive, Unmanaged.passUnretained(sink).toOpaque(), nil,
            { _, client, buffer, length in
                guard let client else { return -1 }
                let sink = Unmanaged<HashingFileSink>.fromOpaque(client).takeUnretainedValue()
                return sink.write(UnsafeRawBufferPointer(start: buffer, count: length))
            }, nil, nil)
        guard opened == ARCHIVE_OK else { throw failure(archive, sink: sink, tarball: tarball, entry: nil) }

        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 65536, alignment: 16)
        defer { buffer.deallocate() }
        for file in files {
            try withEntry(file, options: options) { entry throws(ArchiveError) in
                guard archive_write_header(archive, entry) >= ARCHIVE_WARN else {
                    throw failure(archive, sink: sink, tarball: tarball, entry: file.name)
                }
            }
            if file.kind == .file {
                try copyContent(of: file, into: archive, buffer: buffer, sink: sink, tarball: tarball)
            }
        }
        guard archive_write_close(archive) == ARCHIVE_OK else {
            throw failure(archive, sink: sink, tarball: tarball, entry: nil)
        }
        guard fsync(fd) == 0 else {
            throw ArchiveError(
                tarball: tarball, reason: .writeFailed(path: tarball, message: String(cString: strerror(errno))))
        }
        finished = true
        return sink.hasher.finalize()
    }

    private func withEntry(
        _ file: TreeWalker.Entry, options: ArchiveWriteOptions, _ body: (OpaquePointer) throws(ArchiveError) -> Void
    ) throws(ArchiveError) {
        guard let entry = archive_entry_new() else {
            throw ArchiveError(
                tarball: "", entry: file.name, reason: .malformed("libarchive could not allocate an entry"))
        }
        defer { archive_entry_free(entry) }
        let name = (options.dotSlashPrefix ? "./" : "") + file.name + (file.kind == .directory ? "/" : "")
        archive_entry_set_pathname(entry, name)
        switch file.kind {
        case .directory: archive_entry_set_filetype(entry, 0o040000)
        case .symlink:
            archive_entry_set_filetype(entry, 0o120000)
            archive_entry_set_symlink(entry, file.linkTarget)
        default:
            archive_entry_set_filetype(entry, 0o100000)
            archive_entry_set_size(entry, la_int64_t(file.size))
        }
        var permissions = file.permissions
        if options.normalizesModes && file.kind != .symlink {
            permissions = file.kind == .directory || file.permissions & 0o100 != 0 ? 0o755 : 0o644
        }
        archive_entry_set_perm(entry, mode_t(permissions))
        let seconds = options.modificationDate.map { Int($0.timeIntervalSince1970) } ?? file.modificationSeconds
        archive_entry_set_mtime(entry, time_t(seconds), 0)
        try body(entry)
    }

    private func copyContent(
        of file: TreeWalker.Entry, into archive: OpaquePointer, buffer: UnsafeMutableRawPointer, sink: HashingFileSink,
        tarball: String
    ) throws(ArchiveError) {
        let input = open(file.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard input >= 0 else {
            throw ArchiveError(tarball: tarball, entry: file.name, reason: .unreadable(code: errno))
        }
        defer { close(input) }
        var copied: Int64 = 0
        while copied < file.size {
            let count = read(input, buffer, Int(min(65536, file.size - copied)))
            if count < 0 {
                if errno == EINTR { continue }
                throw ArchiveError(tarball: tarball, entry: file.name, reason: .unreadable(code: errno))
            }
            if count == 0 { break }
            guard archive_write_data(archive, buffer, count) == count else {
                throw failure(archive, sink: sink, tarball: tarball, entry: file.name)
            }
            copied += Int64(count)
        }
        guard copied == file.size else {
            throw ArchiveError(
                tarball: tarball, entry: file.name,
                reason: .writeFailed(path: file.path, message: "file changed size while it was being archived"))
        }
    }

    private func failure(
        _ archive: OpaquePointer, sink: HashingFileSink, tarball: String, entry: String?
    ) -> ArchiveError {
        if sink.writeError != 0 {
            return ArchiveError(
                tarball: tarball, entry: entry,
                reason: .writeFailed(path: tarball, message: String(cString: strerror(sink.writeError))))
        }
        let message = archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
        return ArchiveError(tarball: tarball, entry: entry, reason: .writeFailed(path: tarball, message: message))
    }
}

/// Receives libarchive's output blocks, hashes them and writes them to the tarball file.
final class HashingFileSink {
    let fd: Int32
    var hasher: DigestHasher
    var writeError: Int32 = 0

    init(fd: Int32, hasher: DigestHasher) {
        self.fd = fd
        self.hasher = hasher
    }

    func write(_ block: UnsafeRawBufferPointer) -> Int {
        guard let base = block.baseAddress else { return 0 }
        var offset = 0
        while offset < block.count {
            let count = Glibc.write(fd, base + offset, block.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                writeError = errno
                return -1
            }
            offset += count
        }
        hasher.update(block)
        return block.count
    }
}

internal import CLibArchive  // owns `struct stat` for this module (libarchive's header includes it)
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// An exclusive, cross-process lock on a file (the state file), held as `<path>.lock`.
///
/// The lock file is created with `O_EXCL` and holds a JSON `FileLockRecord` (pid, host, start
/// time) so a refusal can say who holds it. The holder also keeps a `flock` on it for as long
/// as the lock lives: two processes racing to take over a stale lock serialise on that
/// `flock`, and a lock whose `flock` is free while its recorded pid is dead on this host is
/// stale and taken over.
public final class FileLock: Sendable {
    /// The lock file, `<path>.lock`.
    public let lockPath: String
    /// What this process wrote into the lock file.
    public let record: FileLockRecord
    private let descriptor: Mutex<Int32?>

    private init(lockPath: String, record: FileLockRecord, fd: Int32) {
        self.lockPath = lockPath
        self.record = record
        self.descriptor = Mutex(fd)
    }

    deinit {
        unlock()
    }

    /// Takes the lock for `path` (the lock file is `path + ".lock"`).
    ///
    /// - Parameters:
    ///   - path: the file to protect, usually the state file.
    ///   - now: the start time recorded in the lock file.
    /// - Returns: the held lock; call `unlock()` when done (it is also released on deinit).
    /// - Throws: `FileLockError.held` naming the holder's pid, host and start time when a live
    ///   process holds it; `.unreadableRecord` or `.system` otherwise.
    public static func acquire(for path: String, now: Date = Date()) throws(FileLockError) -> FileLock {
        let lockPath = path + ".lock"
        let record = FileLockRecord.current(now: now)
        // A few rounds cover the races: the file vanishing between our `open` and `flock`, or
        // a creator that has not written its record yet.
        for attempt in 0..<50 {
            if attempt > 0 { usleep(20_000) }
            let created = open(lockPath, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if created >= 0 {
                guard flock(created, LOCK_EX | LOCK_NB) == 0 else {
                    // Someone opened our fresh file and took its flock first: start over.
                    close(created)
                    continue
                }
                try write(record, to: created, lockPath: lockPath)
                return FileLock(lockPath: lockPath, record: record, fd: created)
            }
            guard errno == EEXIST else { throw .system(lockPath: lockPath, operation: "create", code: errno) }
            if let lock = try takeOverIfStale(lockPath: lockPath, record: record, finalAttempt: attempt == 49) {
                return lock
            }
        }
        throw .unreadableRecord(lockPath: lockPath)
    }

    /// Releases the lock: removes the lock file and drops the `flock`. Calling it again does
    /// nothing.
    public func unlock() {
        descriptor.withLock { fd in
            guard let open = fd else { return }
            // Unlink while the flock is still held, so a taker blocked on it finds the file gone
            // (and retries) instead of taking an orphaned inode.
            if Self.sameFile(fd: open, path: lockPath) { unlink(lockPath) }
            close(open)
            fd = nil
        }
    }

    /// Whether this object still holds the lock.
    public var isLocked: Bool { descriptor.withLock { $0 != nil } }

    /// Opens an existing lock file; takes it over when its holder is gone. Returns nil to retry.
    private static func takeOverIfStale(
        lockPath: String, record: FileLockRecord, finalAttempt: Bool
    ) throws(FileLockError) -> FileLock? {
        let fd = open(lockPath, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 {
            if errno == ENOENT { return nil }  // released meanwhile
            throw .system(lockPath: lockPath, operation: "open", code: errno)
        }
        var keep = false
        defer { if !keep { close(fd) } }
        let gotFlock = flock(fd, LOCK_EX | LOCK_NB) == 0
        if gotFlock, !sameFile(fd: fd, path: lockPath) { return nil }  // unlinked under us
        let holder = readRecord(fd)
        if !gotFlock {
            guard let holder else {
                if finalAttempt { throw .unreadableRecord(lockPath: lockPath) }
                return nil
            }
            throw .held(lockPath: lockPath, holder: holder)
        }
        if let holder {
            guard holder.host == hostName() else { throw .held(lockPath: lockPath, holder: holder) }
            if kill(holder.pid, 0) == 0 || errno != ESRCH { throw .held(lockPath: lockPath, holder: holder) }
        } else if !finalAttempt {
            // Possibly a creator between `open` and `write`: give it time.
            return nil
        }
        // Stale (dead pid on this host, or a record never written): take over in place, keeping
        // the inode so racing takers stay serialised on its flock.
        guard ftruncate(fd, 0) == 0 else { throw .system(lockPath: lockPath, operation: "truncate", code: errno) }
        try write(record, to: fd, lockPath: lockPath)
        keep = true
        return FileLock(lockPath: lockPath, record: record, fd: fd)
    }

    private static func write(_ record: FileLockRecord, to fd: Int32, lockPath: String) throws(FileLockError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(record) else {
            throw .system(lockPath: lockPath, operation: "encode", code: EINVAL)
        }
        let written = data.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        guard written == data.count else { throw .system(lockPath: lockPath, operation: "write", code: errno) }
        guard fsync(fd) == 0 else { throw .system(lockPath: lockPath, operation: "fsync", code: errno) }
    }

    private static func readRecord(_ fd: Int32) -> FileLockRecord? {
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = pread(fd, &bytes, bytes.count, 0)
        guard count > 0 else { return nil }
        return try? JSONDecoder().decode(FileLockRecord.self, from: Data(bytes[0..<count]))
    }

    private static func sameFile(fd: Int32, path: String) -> Bool {
        var open = stat()
        var named = stat()
        guard fstat(fd, &open) == 0, stat(path, &named) == 0 else { return false }
        return open.st_ino == named.st_ino && open.st_dev == named.st_dev
    }

    /// This machine's host name, as recorded in lock files.
    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock` on `<store>/<key>.lock`, held while an entry is checked and compiled,
/// so two runs sharing a store (parallel CI jobs on one worker) never compile into the same
/// directory at once and never read a half-written one. The kernel drops the lock when its
/// process dies, so a killed run never leaves it held. The file itself stays (it is empty).
final class PackageStoreLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Waits until the lock is free and takes it, polling so that a cancelled run stops waiting.
    ///
    /// - Parameters:
    ///   - path: the lock file (created when missing).
    ///   - waiting: called once, when another process holds the lock.
    /// - Throws: `ReleaseError.io` when the file cannot be opened; `CancellationError`.
    static func acquire(_ path: String, waiting: () -> Void = {}) async throws -> PackageStoreLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else {
            throw ReleaseError.io(operation: "Opening lock", path: path, reason: String(cString: strerror(errno)))
        }
        var toldWaiting = false
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw ReleaseError.io(operation: "Locking", path: path, reason: reason)
            }
            if !toldWaiting {
                toldWaiting = true
                waiting()
            }
            do {
                try await Task.sleep(for: .milliseconds(100))
            } catch {
                close(fd)
                throw error
            }
        }
        return PackageStoreLock(descriptor: fd)
    }
}

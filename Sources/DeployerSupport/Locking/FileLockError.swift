/// Why a lock could not be taken.
public enum FileLockError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Another live process (or one on another host, whose liveness cannot be checked) holds it.
    case held(lockPath: String, holder: FileLockRecord)
    /// The lock file exists but does not hold a readable record and is in use.
    case unreadableRecord(lockPath: String)
    /// A system call failed on the lock file.
    case system(lockPath: String, operation: String, code: Int32)

    public var description: String {
        switch self {
        case .held(let path, let holder):
            "'\(Self.subject(path))' is locked by pid \(holder.pid) on host \(holder.host) since \(holder.startedAt); "
                + "another deployer is running (remove '\(path)' only if you are sure it is not)"
        case .unreadableRecord(let path):
            "Lock file '\(path)' exists but holds no valid record; another deployer may be starting "
                + "(remove it only if you are sure none is running)"
        case .system(let path, let operation, let code):
            "Locking '\(Self.subject(path))': \(operation) of '\(path)' failed: \(String(cString: strerror(code)))"
        }
    }

    private static func subject(_ lockPath: String) -> String {
        lockPath.hasSuffix(".lock") ? String(lockPath.dropLast(5)) : lockPath
    }
}

#if canImport(Glibc)
import Glibc
#endif

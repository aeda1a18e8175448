import Foundation

/// What a lock file says about its holder: `{"pid": 1234, "host": "h", "started_at": "..."}`.
public struct FileLockRecord: Codable, Hashable, Sendable {
    /// Process id of the holder.
    public let pid: Int32
    /// Host name of the machine the holder runs on.
    public let host: String
    /// When the holder took the lock (ISO 8601, UTC).
    public let startedAt: String

    enum CodingKeys: String, CodingKey {
        case pid, host
        case startedAt = "started_at"
    }

    /// Creates a record.
    public init(pid: Int32, host: String, startedAt: String) {
        self.pid = pid
        self.host = host
        self.startedAt = startedAt
    }

    /// This process, on this host, now.
    public static func current(now: Date = Date()) -> FileLockRecord {
        FileLockRecord(pid: getpid(), host: FileLock.hostName(), startedAt: now.formatted(.iso8601))
    }
}

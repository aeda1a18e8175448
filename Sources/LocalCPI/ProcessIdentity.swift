import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A process named by its pid and its start time (`/proc/<pid>/stat` field 22), so a pid
/// reused by another process after the agent died is never mistaken for the agent.
struct ProcessIdentity: Codable, Sendable, Equatable {
    var pid: Int32
    var startTime: UInt64

    enum CodingKeys: String, CodingKey {
        case pid
        case startTime = "start_time"
    }

    /// What `/proc/<pid>/stat` says about a process.
    struct Status: Sendable, Equatable {
        var state: Character
        var processGroup: Int32
        var startTime: UInt64
    }

    /// Reads `/proc/<pid>/stat`; nil when the process does not exist.
    static func status(of pid: Int32) -> Status? {
        guard pid > 0, let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // The command name can hold spaces and parentheses: fields are counted after the last ')'.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let state = fields[0].first, let group = Int32(fields[2]),
            let start = UInt64(fields[19])
        else { return nil }
        return Status(state: state, processGroup: group, startTime: start)
    }

    /// The identity of the running process `pid`.
    static func of(_ pid: Int32) -> ProcessIdentity? {
        status(of: pid).map { ProcessIdentity(pid: pid, startTime: $0.startTime) }
    }

    /// Whether this very process still runs (a zombie counts as gone: nobody may reap it).
    var isAlive: Bool {
        guard let status = Self.status(of: pid), status.startTime == startTime else { return false }
        return status.state != "Z" && status.state != "X"
    }
}

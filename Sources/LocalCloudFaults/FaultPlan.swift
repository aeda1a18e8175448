import DeployerSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A test plan of injected faults, read from a JSON file in the cloud's root directory
/// (docs/local-cloud.md, "Injecting faults"): an array of entries
///
/// ```json
/// [{"method": "create_disk", "kind": "error", "skip": 0, "times": 1}]
/// ```
///
/// Each call consumes the plan atomically under `<root>/.faults.lock`: the first entry whose
/// `method` matches (`"*"` matches any) either lets the call pass while `skip` > 0 (and
/// counts it down), or fires, counting `times` down; spent entries are dropped and an empty
/// plan file is removed. Every fired fault is appended to `<root>/faults.log` as
/// `<who> <method> <kind> <pid>`, so a driver can tell that a fault really happened.
/// The same file format serves `local-cpi` (`cpi-faults.json`) and `local-agent`
/// (`agent-faults.json`), the two programs of the local cloud that share this module; each
/// program defines its own kinds.
public struct FaultPlan: Sendable {
    /// One line of the plan.
    public struct Entry: Codable, Sendable, Equatable {
        /// The method or action it applies to, or `*`.
        public var method: String
        /// What to inject; each program defines its kinds.
        public var kind: String
        /// Calls to let pass first.
        public var skip: Int?
        /// How many calls it fires on (default 1).
        public var times: Int?
        /// How long a `hang` lasts, in seconds (default one hour).
        public var seconds: Int?
    }

    /// The cloud's root directory.
    public let root: String
    /// The plan's file name inside the root.
    public let fileName: String
    /// Who consumes it, for `faults.log` (`cpi` or `agent`).
    public let consumer: String

    /// Creates a plan reader.
    public init(root: String, fileName: String, consumer: String) {
        self.root = root
        self.fileName = fileName
        self.consumer = consumer
    }

    /// `<root>/<fileName>`.
    public var planPath: String { root + "/" + fileName }

    /// The fault to inject into this call of `method`, or nil. Never throws: a missing,
    /// unreadable or malformed plan injects nothing (and a malformed one is reported in
    /// `faults.log`, so a driver sees that its plan was not understood).
    public func consume(method: String) -> Entry? {
        guard FileManager.default.fileExists(atPath: planPath) else { return nil }
        return withPlanLock {
            guard let data = FileManager.default.contents(atPath: planPath) else { return nil }
            guard var entries = try? JSONDecoder().decode([Entry].self, from: data) else {
                log("\(consumer) \(method) invalid-plan \(getpid())")
                return nil
            }
            guard let index = entries.firstIndex(where: { $0.method == method || $0.method == "*" }) else { return nil }
            var fired: Entry?
            if let skip = entries[index].skip, skip > 0 {
                entries[index].skip = skip - 1
            } else {
                fired = entries[index]
                let left = (entries[index].times ?? 1) - 1
                if left > 0 { entries[index].times = left } else { entries.remove(at: index) }
            }
            save(entries)
            if let fired { log("\(consumer) \(method) \(fired.kind) \(getpid())") }
            return fired
        }
    }

    private func save(_ entries: [Entry]) {
        if entries.isEmpty {
            unlink(planPath)
            return
        }
        guard let data = try? JSONEncoder().encode(entries) else { return }
        try? AtomicFile.write(data, to: planPath)
    }

    /// Appends one line to `<root>/faults.log` with a single `write`.
    public func log(_ line: String) {
        let fd = open(root + "/faults.log", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// Runs `body` holding `flock` on `<root>/.faults.lock` (separate from the cloud's own
    /// lock, which the call itself takes afterwards).
    private func withPlanLock<T>(_ body: () -> T?) -> T? {
        let fd = open(root + "/.faults.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { return nil }
        }
        defer { flock(fd, LOCK_UN) }
        return body()
    }
}

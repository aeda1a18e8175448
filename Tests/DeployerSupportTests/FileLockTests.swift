import DeployerTestSupport
import Foundation
import Testing

@testable import DeployerSupport

@Suite struct FileLockTests {
    private func writeRecord(_ record: FileLockRecord, to path: String) throws {
        try JSONEncoder().encode(record).write(to: URL(fileURLWithPath: path))
    }

    @Test func lockWritesRecordAndUnlockRemovesIt() throws {
        let dir = try TemporaryDirectory("lock")
        defer { dir.remove() }
        let state = dir.path + "/demo-state.json"
        let lock = try FileLock.acquire(for: state, now: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(lock.lockPath == state + ".lock")
        let json = try #require(FileManager.default.contents(atPath: lock.lockPath))
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["pid"] as? Int == Int(getpid()))
        #expect(object["host"] as? String == FileLock.hostName())
        #expect((object["started_at"] as? String)?.hasPrefix("2023-11-14T22:13:20") == true)
        let attributes = try FileManager.default.attributesOfItem(atPath: lock.lockPath)
        #expect(attributes[.posixPermissions] as? Int == 0o600)

        // A second taker (even in this process) is refused while the lock is held.
        do {
            _ = try FileLock.acquire(for: state)
            Issue.record("a held lock must refuse a second taker")
        } catch {
            #expect(error.description.contains("is locked by pid \(getpid()) on host \(FileLock.hostName())"))
            #expect(error.description.contains("another deployer is running"))
        }
        lock.unlock()
        lock.unlock()  // harmless
        #expect(!lock.isLocked)
        #expect(!FileManager.default.fileExists(atPath: lock.lockPath))
        let again = try FileLock.acquire(for: state)
        again.unlock()
    }

    @Test func liveHolderInAnotherProcessRefusesThenDeadOneIsTakenOver() throws {
        let dir = try TemporaryDirectory("lock-process")
        defer { dir.remove() }
        let state = dir.path + "/state.json"
        // A real second process; spawned directly so the test can kill and reap it at once
        // (an unreaped zombie still counts as alive for kill(pid, 0)).
        var holderPID: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sleep"), strdup("30"), nil]
        defer { argv.forEach { free($0) } }
        #expect(posix_spawn(&holderPID, "/bin/sleep", nil, nil, argv, environ) == 0)
        var reaped = false
        defer {
            if !reaped {
                kill(holderPID, SIGKILL)
                waitpid(holderPID, nil, 0)
            }
        }
        let record = FileLockRecord(pid: holderPID, host: FileLock.hostName(), startedAt: "2026-01-02T03:04:05Z")
        try writeRecord(record, to: state + ".lock")

        #expect(throws: FileLockError.held(lockPath: state + ".lock", holder: record)) {
            try FileLock.acquire(for: state)
        }
        do {
            _ = try FileLock.acquire(for: state)
        } catch {
            #expect(
                error.description.contains(
                    "'\(state)' is locked by pid \(holderPID) on host \(FileLock.hostName()) since 2026-01-02T03:04:05Z; another deployer is running"
                ))
        }

        kill(holderPID, SIGKILL)
        waitpid(holderPID, nil, 0)
        reaped = true
        // The holder is dead (and reaped): the lock is stale and taken over.
        let lock = try FileLock.acquire(for: state)
        defer { lock.unlock() }
        let taken = try JSONDecoder().decode(
            FileLockRecord.self, from: try #require(FileManager.default.contents(atPath: lock.lockPath)))
        #expect(taken.pid == getpid())
    }

    @Test func parentProcessCountsAsLive() throws {
        let dir = try TemporaryDirectory("lock-parent")
        defer { dir.remove() }
        let state = dir.path + "/state.json"
        let record = FileLockRecord(pid: getppid(), host: FileLock.hostName(), startedAt: "2026-01-01T00:00:00Z")
        try writeRecord(record, to: state + ".lock")
        #expect(throws: FileLockError.held(lockPath: state + ".lock", holder: record)) {
            try FileLock.acquire(for: state)
        }
    }

    @Test func holderOnAnotherHostIsNeverTakenOver() throws {
        let dir = try TemporaryDirectory("lock-host")
        defer { dir.remove() }
        let state = dir.path + "/state.json"
        // pid_max is far below Int32.max, so this pid is dead here; but on the other host it may live.
        let record = FileLockRecord(pid: Int32.max, host: "elsewhere.invalid", startedAt: "2026-01-01T00:00:00Z")
        try writeRecord(record, to: state + ".lock")
        #expect(throws: FileLockError.held(lockPath: state + ".lock", holder: record)) {
            try FileLock.acquire(for: state)
        }
    }

    @Test func concurrentTakersGetExactlyOneLock() async throws {
        let dir = try TemporaryDirectory("lock-race")
        defer { dir.remove() }
        let state = dir.path + "/state.json"
        // A stale lock that every taker races to take over.
        try writeRecord(FileLockRecord(pid: Int32.max, host: FileLock.hostName(), startedAt: "x"), to: state + ".lock")
        let winners = await withTaskGroup(of: FileLock?.self) { group in
            for _ in 0..<8 {
                group.addTask { try? FileLock.acquire(for: state) }
            }
            var locks: [FileLock] = []
            for await lock in group {
                if let lock { locks.append(lock) }
            }
            return locks
        }
        #expect(winners.count == 1)
        winners.forEach { $0.unlock() }
    }
}

import CPIProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import Deployer

@Suite struct StateLockTests {
    @Test func secondRunIsRefusedWithTheHolderPid() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let directory = scratch.path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.json"
        let first = FileStateStore(path: path)
        try await first.lock()
        #expect(await first.isLocked)
        #expect(FileManager.default.fileExists(atPath: path + ".lock"))

        let second = FileStateStore(path: path)
        let error = try #require(await #expect(throws: StateError.self) { try await second.lock() })
        guard case .lockFailed(.held(_, let holder)) = error else {
            Issue.record("expected .lockFailed(.held), got \(error)")
            return
        }
        #expect(holder.pid == getpid())
        #expect(error.description.contains("pid \(getpid())"), "\(error)")
        #expect(error.description.contains(path), "\(error)")
        #expect(await !second.isLocked)

        await first.unlock()
        #expect(!FileManager.default.fileExists(atPath: path + ".lock"))
        try await second.lock()
        #expect(await second.isLocked)
        await second.unlock()
    }

    @Test func lockingTwiceInOneStoreIsHarmless() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let directory = scratch.path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = FileStateStore(path: directory + "/s.json")
        try await store.lock()
        try await store.lock()
        #expect(await store.isLocked)
        await store.unlock()
        await store.unlock()
        #expect(await !store.isLocked)
    }

    @Test func staleLockOfADeadProcessIsTakenOver() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let directory = scratch.path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.json"
        // A pid above Linux's pid_max limit (2^22) can never be alive.
        let dead = FileLockRecord(pid: 99_999_999, host: FileLock.hostName(), startedAt: "2026-01-01T00:00:00Z")
        let encoder = JSONEncoder()
        try encoder.encode(dead).write(to: URL(fileURLWithPath: path + ".lock"))

        let store = FileStateStore(path: path)
        try await store.lock()
        #expect(await store.isLocked)
        let record = try JSONDecoder().decode(
            FileLockRecord.self, from: Data(contentsOf: URL(fileURLWithPath: path + ".lock")))
        #expect(record.pid == getpid())
        _ = try await store.load()
        try await store.recordVM(VMCID("vm-after-takeover"))
        #expect(try await FileStateStore(path: path).load().currentVMCID == VMCID("vm-after-takeover"))
        await store.unlock()
    }
}

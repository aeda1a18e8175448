import AgentClient
import AgentProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

/// Persistent disks: a disk is a directory, `store` links to the mounted one.
@Suite(.serialized) struct LocalAgentDiskTests {
    @Test func addsMountsMigratesAndUnmountsDisks() async throws {
        try await withAgent { agent in
            let disks = try TemporaryDirectory("disks")
            defer { disks.remove() }
            let first = disks.path("disk-1")
            let second = disks.path("disk-2")
            try FileManager.default.createDirectory(atPath: first, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: second, withIntermediateDirectories: true)
            let client = try agent.client()
            let store = agent.vmDir + "/store"

            try await client.addPersistentDisk("disk-1", hint: ["path": .string(first)])
            try await client.mountDisk("disk-1")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: store) == first)
            try TestFiles.write(["data/state.txt": "persisted\n"], under: store)
            #expect(TestFiles.read(first + "/data/state.txt") == "persisted\n")
            let mounted = try await client.listDisk()
            #expect(mounted == ["disk-1"])

            // A second disk (plain string hint) mounts beside the first; migration copies.
            try await client.addPersistentDisk("disk-2", hint: .string(second))
            try await client.mountDisk("disk-2")
            #expect(
                try FileManager.default.destinationOfSymbolicLink(atPath: agent.vmDir + "/store_migration_target")
                    == second)
            try await client.migrateDisk()
            #expect(TestFiles.read(second + "/data/state.txt") == "persisted\n")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: store) == second)
            #expect(!FileManager.default.fileExists(atPath: agent.vmDir + "/store_migration_target"))
            let afterMigration = try await client.listDisk()
            #expect(afterMigration == ["disk-2"])
            try await client.removePersistentDisk("disk-1")

            let message = try await client.unmountDiskMessage("disk-2", agent: agent)
            #expect(message.hasPrefix("Unmounted partition of"))
            #expect(!FileManager.default.fileExists(atPath: store))
            let none = try await client.listDisk()
            #expect(none == [])
            let again = try await client.unmountDiskMessage("disk-2", agent: agent)
            #expect(again.hasPrefix("Partition of"))
            #expect(again.hasSuffix("is not mounted"))
        }
    }

    @Test func mountsADiskNamedInTheSettingsFile() async throws {
        let disks = try TemporaryDirectory("settings-disk")
        defer { disks.remove() }
        let harness = try AgentHarness { settings in
            settings["disks"] = ["persistent": ["disk-s": disks.path]]
        }
        defer { harness.cleanUp() }
        try await harness.start()
        let client = try harness.client()
        try await client.mountDisk("disk-s")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: harness.vmDir + "/store") == disks.path)
        let error = await #expect(throws: AgentError.self) { try await client.mountDisk("unknown-disk") }
        #expect(error.map { String(describing: $0) }?.contains("Mounting persistent disk unknown-disk") == true)
    }
}

extension MbusAgentClient {
    /// `unmount_disk` through the raw RPC, to read the task's final message.
    func unmountDiskMessage(_ cid: String, agent: AgentHarness) async throws -> String {
        let first = try await agent.rpc(#"{"method":"unmount_disk","arguments":["\#(cid)"],"reply_to":"t"}"#)
        guard case .value(let handle) = first, let id = handle["agent_task_id"]?.stringValue else {
            throw HarnessError("no task handle: \(first)")
        }
        for _ in 0..<200 {
            let polled = try await agent.rpc(#"{"method":"get_task","arguments":["\#(id)"],"reply_to":"t"}"#)
            guard case .value(let value) = polled else { throw HarnessError("task failed: \(polled)") }
            if value["agent_task_id"] == nil { return value["message"]?.stringValue ?? "" }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw HarnessError("unmount_disk did not finish")
    }
}

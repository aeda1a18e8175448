import AgentClient
import AgentProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The agent process itself: state survives a restart, SIGTERM stops every job process.
@Suite(.serialized) struct LocalAgentLifecycleTests {
    @Test func restartKeepsStateAndSigtermStopsJobs() async throws {
        let harness = try AgentHarness()
        defer { harness.cleanUp() }
        let scratch = try TemporaryDirectory("lifecycle")
        defer { scratch.remove() }
        let disk = scratch.path("disk")
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)

        try await harness.start()
        var client = try harness.client()
        try await client.addPersistentDisk("disk-1", hint: .string(disk))
        try await client.mountDisk("disk-1")
        try await client.apply(SleeperJob.spec(archive: try await SleeperJob.upload(to: harness, scratch: scratch)))
        try await client.start()
        _ = try await SleeperJob.waitForJobState("running", client: client)
        let pid = try #require(SleeperJob.pid(in: harness))

        // A crash (SIGKILL) leaves the job running; the new agent finds everything again.
        harness.terminate(signal: SIGKILL)
        #expect(AgentHarness.isAlive(pid))
        try await harness.start()
        client = try harness.client()
        let state = try await client.getState()
        #expect(state.jobState == "running")
        #expect(state.deployment == "local-demo")
        #expect(state.processes?.first?.state == "running")
        let disks = try await client.listDisk()
        #expect(disks == ["disk-1"])

        // SIGTERM: the agent stops the job's whole process group, then exits 0.
        let group = getpgid(pid)
        let status = harness.terminate(signal: SIGTERM)
        #expect(status == 0)
        #expect(await eventually { !AgentHarness.isAlive(pid) })
        #expect(group > 1)
        #expect(AgentHarness.liveMembers(ofGroup: group).isEmpty)
        let log = TestFiles.read(harness.vmDir + "/bosh/log/current") ?? ""
        #expect(log.contains("shutting down"))
    }
}

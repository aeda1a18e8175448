import AgentClient
import AgentProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import ReleaseCompiler
import Testing

/// The notes job run by local-agent as a deploy drives it: compile the package on the VM,
/// apply the rendered job archive, attach and mount a persistent disk, run pre-start, start.
/// The job's monit file, ctl script and paths must match what the agent's supervisor and
/// `/var/vcap` rewriting do; the notes end up on the disk directory.
@Suite(.serialized) struct NotesAgentDeployTests {
    @Test func theAgentRunsTheNotesJobWithItsDataOnTheDisk() async throws {
        let scratch = try ScratchDirectory("agent-deploy")
        defer { scratch.remove() }
        let release = try await ExampleReleases.read(try await ExampleReleases.buildNotes(in: scratch), in: scratch)
        let agent = try await LocalAgentProcess(scratch: scratch)
        defer { agent.stop() }
        let client = try agent.client()

        // A persistent disk: a directory the agent mounts as <vm>/store.
        let disk = scratch.at("disks/disk-1/data")
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        try await client.addPersistentDisk("disk-1", hint: .object(["path": .string(disk)]))
        try await client.mountDisk("disk-1")

        let port = Int.random(in: 20000...60000)
        try await NotesJobDeployer(release: release, scratch: scratch).deploy(
            client: client, blobs: try agent.blobstore(), host: agent.host, port: port, greeting: "Hello from a VM",
            label: "vm")
        #expect(try await NotesJobDeployer.waitForJobState("running", client: client).jobState == "running")

        try await HTTPProbe.waitUntilServing(host: agent.host, port: port)
        #expect(try HTTPProbe.send("GET", host: agent.host, port: port, path: "/").body == "Hello from a VM\n")
        #expect(
            try HTTPProbe.send("POST", host: agent.host, port: port, path: "/notes", body: "from the agent").status
                == 201)
        #expect(try HTTPProbe.send("GET", host: agent.host, port: port, path: "/notes").body == "from the agent\n")
        #expect(TestFile.read(disk + "/notes/notes.txt") == "from the agent\n")
        let pid = try #require(
            TestFile.read(agent.vmDirectory + "/sys/run/notes/notes.pid")
                .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        #expect(VMDirectory.isAlive(pid))

        try await client.stop()
        #expect(try await NotesJobDeployer.waitForJobState("stopped", client: client).jobState == "stopped")
        #expect(await eventually { !VMDirectory.isAlive(pid) })
    }
}

import AgentClient
import AgentProtocol
import DeployerSupport
import Foundation
import ReleaseCompiler
import Testing

/// The notes-server package compiled on a local VM: its source blob (as the release carries
/// it) uploaded to local-agent's blobstore, `compile_package` over the mbus, the compiled
/// blob fetched back and its binary run.
@Suite(.serialized) struct NotesAgentCompileTests {
    @Test func localAgentCompilesTheNotesServer() async throws {
        let scratch = try ScratchDirectory("agent-compile")
        defer { scratch.remove() }
        let release = try await ExampleReleases.read(try await ExampleReleases.buildNotes(in: scratch), in: scratch)
        let package = try #require(release.package(named: "notes-server"))

        let agent = try await LocalAgentProcess(scratch: scratch)
        defer { agent.stop() }
        let upload = try await agent.blobstore().upload(
            file: URL(fileURLWithPath: package.tarball), expectedDigest: package.sha1)
        let compiled = try await agent.client().compilePackage(
            CompilePackageArguments(
                blobID: upload.blobID, digest: upload.digest, name: package.name, version: package.fingerprint))
        #expect(compiled.sha1.count == 40)

        let local = URL(fileURLWithPath: scratch.at("notes-server-compiled.tgz"))
        let fetched = try await agent.blobstore().download(
            blobID: compiled.blobstoreID, to: local, expectedDigest: compiled.sha1)
        #expect(fetched.digest == compiled.sha1)
        let installed = scratch.at("installed")
        _ = try LibArchiveReader().extract(tarball: local.path, to: installed)
        let binary = installed + "/bin/notes-server"
        #expect(FileManager.default.isExecutableFile(atPath: binary))

        // The compiled binary runs: without a config it prints its usage and exits 2.
        let usage = try await ProcessRunner().run(.init(executable: binary, timeout: .seconds(10)))
        #expect(usage.exitStatus == .exited(2))
        #expect(usage.standardErrorText == "usage: notes-server CONFIG\n")

        // The packaging script ran on the VM and logged there.
        let log = TestFile.read(agent.vmDirectory + "/sys/log/compile-notes-server.log") ?? ""
        #expect(log.contains("cc -O2 -Wall"))
    }
}

import AgentClient
import AgentProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

/// apply, run_script, start, get_state, stop with a real rendered job and package.
@Suite(.serialized) struct LocalAgentJobTests {
    @Test func appliesStartsReportsAndStopsAJob() async throws {
        try await withAgent { agent in
            let scratch = try TemporaryDirectory("job")
            defer { scratch.remove() }
            let client = try agent.client()

            // Initial spec: networks only, so nothing is installed and the state is running.
            try await client.apply(
                ApplySpec(
                    deployment: "local-demo", name: "sleeper",
                    networks: ["default": NetworkSpec(type: "manual", ip: agent.host)], job: JobSpec(name: "sleeper")))
            let initial = try await client.getState()
            #expect(initial.jobState == "running")
            #expect(initial.networks["default"]?.ip == agent.host)
            #expect(initial.agentID == "agent-\(agent.port)")

            let packageTarball = try TestFiles.tarball(["bin/tool": "#!/bin/sh\necho tool\n"], in: scratch)
            let package = try await agent.blobstore().upload(file: packageTarball)
            let archive = try await SleeperJob.upload(to: agent, scratch: scratch)
            let spec = SleeperJob.spec(
                archive: archive,
                packages: [
                    "tool": PackageReference(
                        name: "tool", version: "t1", sha1: package.digest, blobstoreID: package.blobID)
                ])
            try await client.stop()
            try await client.apply(spec)

            // The real agent's layout, with /var/vcap rewritten to the VM directory.
            let vm = agent.vmDir
            #expect(TestFiles.read(vm + "/packages/tool/bin/tool") == "#!/bin/sh\necho tool\n")
            let packageLink = try FileManager.default.destinationOfSymbolicLink(atPath: vm + "/packages/tool")
            #expect(packageLink.hasSuffix("/data/packages/tool/t1"))
            let jobLink = try FileManager.default.destinationOfSymbolicLink(atPath: vm + "/jobs/sleeper")
            #expect(jobLink.hasSuffix("/data/jobs/sleeper/fp-sleeper-1"))
            let ctl = TestFiles.read(vm + "/jobs/sleeper/bin/ctl") ?? ""
            #expect(ctl.contains(vm + "/sys/run/sleeper/sleeper.pid"))
            #expect(!ctl.contains("/var/vcap"))
            #expect(FileManager.default.isExecutableFile(atPath: vm + "/jobs/sleeper/bin/ctl"))
            #expect(TestFiles.read(vm + "/instance/deployment") == "local-demo")
            #expect(FileManager.default.fileExists(atPath: vm + "/bosh/spec.json"))

            try await client.runScript("pre-start", options: RunScriptOptions(env: ["GREETING": "hi"]))
            #expect(TestFiles.read(vm + "/sys/log/sleeper/pre-start.marker") == "pre-start ran with GREETING=hi\n")
            // A script no job has is not an error.
            try await client.runScript("post-start")

            let stopped = try await client.getState()
            #expect(stopped.jobState == "stopped")

            try await client.start()
            let running = try await SleeperJob.waitForJobState("running", client: client)
            #expect(running.jobState == "running")
            #expect(running.processes?.map(\.name) == ["sleeper"])
            #expect(running.processes?.first?.state == "running")
            #expect(running.deployment == "local-demo")
            #expect(running.packages?["tool"]?.version == "t1")
            #expect(running.job?.templates.first?.name == "sleeper")
            let pid = try #require(SleeperJob.pid(in: agent))
            #expect(AgentHarness.isAlive(pid))

            try await client.stop()
            let after = try await client.getState()
            #expect(after.jobState == "stopped")
            #expect(await eventually { !AgentHarness.isAlive(pid) })
        }
    }

    @Test func aProcessThatDiesIsReportedFailing() async throws {
        try await withAgent { agent in
            let scratch = try TemporaryDirectory("job-failing")
            defer { scratch.remove() }
            let client = try agent.client()
            try await client.apply(SleeperJob.spec(archive: try await SleeperJob.upload(to: agent, scratch: scratch)))
            try await client.start()
            _ = try await SleeperJob.waitForJobState("running", client: client)
            let pid = try #require(SleeperJob.pid(in: agent))
            kill(pid, SIGKILL)
            let failing = try await SleeperJob.waitForJobState("failing", client: client)
            #expect(failing.jobState == "failing")
            #expect(failing.processes?.first?.state == "failing")
        }
    }

    @Test func aFailingScriptFailsRunScriptWithTheAgentsMessage() async throws {
        try await withAgent { agent in
            let scratch = try TemporaryDirectory("job-script")
            defer { scratch.remove() }
            let tarball = try TestFiles.tarball(
                ["broken/monit": "", "broken/bin/pre-start": "#!/bin/sh\nexit 7\n"],
                executables: ["broken/bin/pre-start"], in: scratch)
            let archive = try await agent.blobstore().upload(file: tarball, algorithm: .sha256).reference
            let client = try agent.client()
            try await client.apply(
                ApplySpec(
                    deployment: "d", name: "broken", networks: [:],
                    job: JobSpec(name: "broken", templates: [PackageReference(name: "broken", version: "1")]),
                    renderedTemplatesArchive: archive))
            let error = await #expect(throws: AgentError.self) { try await client.runScript("pre-start") }
            let text = error.map { String(describing: $0) } ?? ""
            #expect(text.contains("1 of 1 pre-start scripts failed. Failed Jobs: broken."))
        }
    }

    @Test func applyRefusesANetworkMissingFromSettings() async throws {
        try await withAgent { agent in
            let error = await #expect(throws: AgentError.self) {
                try await agent.client().apply(
                    ApplySpec(
                        deployment: "d", name: "n", networks: ["other": NetworkSpec(type: "manual")],
                        job: JobSpec(name: "n")))
            }
            let text = error.map { String(describing: $0) } ?? ""
            #expect(text.contains("Resolving dynamic networks: Network 'other' is not found in settings"))
        }
    }
}

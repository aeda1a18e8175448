import DeployerTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `plan --refresh` against what really happened to a deployment on the local cloud: jobs
/// stopped with `deployer stop`, a VM whose agent died, a VM deleted behind the state's back;
/// and the deploy that repairs the last one with the same manifest, keeping the disk's data.
@Suite(.serialized)
struct DriftTests {
    @Test func planRefreshReportsDriftAndDeployRecreatesAVanishedVM() async throws {
        try await LocalCloudFixture.withDeployment { cloud in
            let deployed = try await cloud.deployer("deploy")
            try #require(deployed.succeeded, "deploy failed:\n\(deployed.output)")
            let note = "written before the VM vanished"
            try #require(try await cloud.postNote(note).succeeded)
            let healthy = try await cloud.deployer("plan", "--refresh")
            #expect(healthy.status == 0, "nothing drifted yet:\n\(healthy.output)")

            let stop = try await cloud.deployer("stop")
            try #require(stop.succeeded, "stop failed:\n\(stop.output)")
            let stopped = try await cloud.deployer("plan", "--refresh")
            #expect(stopped.status == 2, "stopped jobs are drift:\n\(stopped.output)")
            #expect(stopped.output.contains("No deployment, stemcell or release changes"), "\(stopped.output)")
            #expect(stopped.output.contains("the jobs are stopped"), "\(stopped.output)")
            #expect(stopped.output.contains("`deployer start` starts them"), "\(stopped.output)")
            let start = try await cloud.deployer("start")
            try #require(start.succeeded, "start failed:\n\(start.output)")

            // The VM's processes die: the cloud still lists the VM, its agent does not answer.
            let vm = try #require(try await cloud.inventory().vms.first?.cid)
            for pid in cloud.cloudProcesses { kill(pid, SIGKILL) }
            #expect(await eventually { cloud.cloudProcesses.isEmpty })
            let dead = try await cloud.deployer("plan", "--refresh")
            #expect(dead.status == 2, "a dead agent is drift:\n\(dead.output)")
            #expect(dead.output.contains("the VM's agent does not answer"), "\(dead.output)")

            // Then the VM is deleted by hand: plan says deploy recreates it, and deploy does.
            try FileManager.default.removeItem(atPath: cloud.cloud + "/vms/" + vm)
            let vanished = try await cloud.deployer("plan", "--refresh")
            #expect(vanished.status == 2, "\(vanished.output)")
            #expect(
                vanished.output.contains("VM will be recreated: VM '\(vm)' is missing from the cloud"),
                "\(vanished.output)")
            let repaired = try await cloud.deployer("deploy")
            try #require(repaired.succeeded, "the repairing deploy failed:\n\(repaired.output)")
            #expect(repaired.output.contains("VM '\(vm)' recorded in the state does not exist any more"))
            let notes = try await cloud.get("/notes")
            #expect(notes.output.contains(note), "the disk's data did not survive: \(notes.output)")
            let after = try await cloud.deployer("plan", "--refresh")
            #expect(after.status == 0, "the repaired deployment still drifts:\n\(after.output)")
        }
    }
}

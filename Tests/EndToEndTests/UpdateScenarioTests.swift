import Foundation
import Testing

/// Updates of one deployment of the notes service on the local cloud, with the real binaries:
/// a job property change recreates the VM and a disk size change migrates the persistent disk,
/// `--recreate` replaces the VM, `stop` and `start` take the service down and up on the same
/// VM, a second deploy and a plan are refused while one runs (naming its pid), and the note
/// written on the persistent disk after the first deploy survives all of it. `delete` then
/// leaves nothing behind, and no generated secret appears in any output or the debug log.
///
/// One deployment for every step keeps the suite fast: each step starts from the previous one.
@Suite(.serialized)
struct UpdateScenarioTests {
    @Test func updatesKeepTheNoteAndDeleteLeavesNothing() async throws {
        try await LocalCloudFixture.withDeployment { cloud in
            let note = "note-\(UUID().uuidString)"

            // Fresh deploy, then a note on the persistent disk.
            let fresh = try await cloud.deployer("deploy")
            try #require(fresh.succeeded, "first deploy failed:\n\(fresh.output)")
            let stored = try await cloud.postNote(note)
            try #require(stored.succeeded, "storing a note failed: \(stored.output)")
            try await expectNote(note, on: cloud)
            // The VM's logs, as `bosh logs` gives them: the jobs' by default, the agent's with --agent.
            try FileManager.default.createDirectory(atPath: cloud.root + "/logs-out", withIntermediateDirectories: true)
            let jobLogs = try await cloud.deployer("logs", "--dir", "logs-out")
            try #require(jobLogs.succeeded, "logs failed:\n\(jobLogs.output)")
            let tarballs = try FileManager.default.contentsOfDirectory(atPath: cloud.root + "/logs-out")
            let jobTarball = try #require(
                tarballs.first { $0.hasPrefix("create-env-vm-logs-") && $0.hasSuffix(".tgz") })
            let jobEntries = try await cloud.run("/bin/tar", ["-tzf", "logs-out/" + jobTarball], timeout: .seconds(30))
            #expect(jobEntries.output.contains("notes/"), "no notes job logs in \(jobEntries.output)")
            #expect(jobLogs.output.contains("Logs: '\(cloud.root)/logs-out/\(jobTarball)'"), "\(jobLogs.output)")
            try FileManager.default.removeItem(atPath: cloud.root + "/logs-out/" + jobTarball)
            let agentLogs = try await cloud.deployer("logs", "--agent", "--dir", "logs-out")
            try #require(agentLogs.succeeded, "logs --agent failed:\n\(agentLogs.output)")
            let agentTarball = try #require(
                try FileManager.default.contentsOfDirectory(atPath: cloud.root + "/logs-out").first)
            let agentEntries = try await cloud.run(
                "/bin/tar", ["-tzf", "logs-out/" + agentTarball], timeout: .seconds(30))
            #expect(agentEntries.output.contains("current"), "no agent log in \(agentEntries.output)")

            let initial = try await cloud.inventory()
            let firstVM = try #require(initial.vms.first?.cid, "no VM after the first deploy: \(initial)")
            let firstDisk = try #require(initial.disks.first?.cid, "no disk after the first deploy: \(initial)")

            // A job property that changes a rendered template: plan says why, deploy recreates the VM.
            try cloud.editManifest(
                replacing: "greeting: Hello from the local cloud", with: "greeting: Hello after a property change")
            let planned = try await cloud.deployer("plan")
            #expect(planned.status == 2, "plan should report changes:\n\(planned.output)")
            #expect(planned.output.contains("VM will be recreated: manifest changed at 1 path"), "\(planned.output)")
            #expect(
                planned.output.contains(
                    "\n       /instance_groups/name=notes/jobs/name=notes/properties/notes/greeting changed\n"),
                "\(planned.output)")
            #expect(!planned.output.contains("Hello after a property change"), "plan showed a value")
            let propertyChange = try await cloud.deployer(
                "deploy", "--log-level", "debug", "--log-file", "update-debug.log")
            try #require(propertyChange.succeeded, "deploy after the property change failed:\n\(propertyChange.output)")
            #expect(propertyChange.output.contains("Deleting VM '\(firstVM)'"))
            let greeting = try await cloud.get("/")
            #expect(greeting.output.contains("Hello after a property change"), "greeting: \(greeting.output)")
            try await expectNote(note, on: cloud)
            let recreated = try await cloud.inventory()
            let secondVM = try #require(recreated.vms.first?.cid)
            #expect(recreated.vms.count == 1 && secondVM != firstVM, "VM not recreated: \(recreated)")
            #expect(recreated.disks.map(\.cid) == [firstDisk], "the disk changed: \(recreated)")
            #expect(recreated.disks.first?.attachedTo == secondVM)

            // A bigger disk pool: plan says migrate, deploy moves the data to a new disk.
            try cloud.editManifest(replacing: "disk_size: 1024", with: "disk_size: 2048")
            let diskPlan = try await cloud.deployer("plan")
            #expect(diskPlan.status == 2, "plan should report changes:\n\(diskPlan.output)")
            #expect(
                diskPlan.output.contains("persistent disk will be migrated: size 1024 → 2048"), "\(diskPlan.output)")
            #expect(diskPlan.output.contains("       /disk_pools/name=disks/disk_size changed\n"), "\(diskPlan.output)")
            let resize = try await cloud.deployer("deploy", "--json")
            try #require(resize.succeeded, "deploy after the disk size change failed:\n\(resize.output)")
            _ = try EventStream(resize, command: "deploy", status: 0)
            try await expectNote(note, on: cloud)
            let migrated = try await cloud.inventory()
            let secondDisk = try #require(migrated.disks.first, "no disk after the migration: \(migrated)")
            #expect(migrated.disks.count == 1 && secondDisk.cid != firstDisk, "disk not migrated: \(migrated)")
            #expect(secondDisk.sizeMiB == 2048)
            let thirdVM = try #require(migrated.vms.first?.cid)
            #expect(secondDisk.attachedTo == thirdVM)

            // --recreate with nothing changed: a new VM, the same disk.
            let recreate = try await cloud.deployer("deploy", "--recreate")
            try #require(recreate.succeeded, "deploy --recreate failed:\n\(recreate.output)")
            try await expectNote(note, on: cloud)
            let afterRecreate = try await cloud.inventory()
            let fourthVM = try #require(afterRecreate.vms.first?.cid)
            #expect(afterRecreate.vms.count == 1 && fourthVM != thirdVM, "--recreate kept the VM: \(afterRecreate)")
            #expect(afterRecreate.disks.map(\.cid) == [secondDisk.cid])

            // stop: the service is down but the VM stays; start: it answers again.
            let stop = try await cloud.deployer("stop")
            try #require(stop.succeeded, "stop failed:\n\(stop.output)")
            let stopped = try await cloud.get("/")
            #expect(!stopped.succeeded, "the notes service still answers after stop: \(stopped.output)")
            let whileStopped = try await cloud.inventory()
            #expect(whileStopped.vms.map(\.cid) == [fourthVM], "stop changed the VMs: \(whileStopped)")
            #expect(whileStopped.vms.first?.alive == true, "stop ended the VM's agent: \(whileStopped)")
            #expect(whileStopped.disks.first?.attachedTo == fourthVM)
            let start = try await cloud.deployer("start")
            try #require(start.succeeded, "start failed:\n\(start.output)")
            try await expectNote(note, on: cloud)
            #expect(try await cloud.inventory().vms.map(\.cid) == [fourthVM], "start changed the VM")

            // A second deploy while one runs is refused, naming the running one's pid.
            let running = try cloud.startDeployer("deploy", "--recreate")
            try await waitForLock(of: running, on: cloud)
            let refused = try await cloud.deployer("deploy")
            #expect(!refused.succeeded, "a second deploy ran beside the first:\n\(refused.output)")
            #expect(refused.output.contains("locked by pid \(running.pid)"), "\(refused.output)")
            // So is a plan: its answer would be stale before the running deploy ends. It fails
            // (1), not "changes pending" (2).
            let planWhileRunning = try await cloud.deployer("plan")
            #expect(planWhileRunning.status == 1, "plan beside a running deploy:\n\(planWhileRunning.output)")
            #expect(planWhileRunning.output.contains("locked by pid \(running.pid)"), "\(planWhileRunning.output)")
            let finished = try await cloud.wait(for: running)
            try #require(finished.succeeded, "the deploy holding the lock failed:\n\(finished.output)")
            try await expectNote(note, on: cloud)
            #expect(!FileManager.default.fileExists(atPath: cloud.lockPath), "the lock outlived the deploy")

            // Delete: nothing left in the cloud, no process of it running.
            let delete = try await cloud.deployer("delete")
            #expect(delete.succeeded, "delete failed:\n\(delete.output)")
            let inventory = try await cloud.inventory()
            #expect(inventory.isEmpty, "the local cloud still holds resources: \(inventory)")
            #expect(cloud.cloudProcesses.isEmpty, "processes of the local cloud are still running")
            #expect(!FileManager.default.fileExists(atPath: cloud.statePath))

            let debugLog = try String(contentsOfFile: cloud.root + "/update-debug.log", encoding: .utf8)
            #expect(debugLog.contains("attach_disk"), "the debug log does not show the CPI calls")
            try await cloud.expectNoSecretLeaked(also: [debugLog])
        }
    }

    /// Expects the notes service to answer and to list `note`.
    private func expectNote(
        _ note: String, on cloud: LocalCloudFixture, sourceLocation: SourceLocation = #_sourceLocation
    )
        async throws
    {
        let notes = try await cloud.get("/notes")
        #expect(notes.succeeded, "the notes service did not answer: \(notes.output)", sourceLocation: sourceLocation)
        #expect(notes.output.contains(note), "the note is gone: \(notes.output)", sourceLocation: sourceLocation)
    }

    /// Waits until `running` holds the state file's lock, and checks the lock file names it.
    private func waitForLock(of running: RunningCommand, on cloud: LocalCloudFixture) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !FileManager.default.fileExists(atPath: cloud.lockPath) {
            try #require(running.isRunning, "the deploy ended before it took the lock")
            try #require(ContinuousClock.now < deadline, "no lock file '\(cloud.lockPath)' after 60 s")
            try await Task.sleep(for: .milliseconds(20))
        }
        // The record is written right after the file is created: give it a moment.
        var holder: Int?
        for _ in 0..<50 where holder == nil {
            let data = FileManager.default.contents(atPath: cloud.lockPath) ?? Data()
            holder = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["pid"] as? Int
            if holder == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(holder == Int(running.pid), "the lock file names pid \(String(describing: holder))")
    }
}

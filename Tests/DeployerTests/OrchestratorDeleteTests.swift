import CPIProtocol
import Deployer
import DeployerSupport
import Foundation
import Testing

@Suite struct OrchestratorDeleteTests {
    @Test func deleteRemovesEveryResourceAndTheStateFile() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        _ = try await harness.deploy()
        let deployed = try harness.stateOnDisk()
        #expect(FileManager.default.fileExists(atPath: harness.statePath + ".bak"))

        #expect(try await harness.delete() == .deleted)

        // No backup is left to list the resources just deleted.
        #expect(!FileManager.default.fileExists(atPath: harness.statePath + ".bak"))
        #expect(await harness.cloud.vms.isEmpty)
        #expect(await harness.cloud.disks.isEmpty)
        #expect(await harness.cloud.stemcells.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: harness.statePath))
        let vm = try #require(deployed.currentVMCID)
        #expect(harness.events.outcomes.contains("Deleting VM '\(vm)': finished"))
        #expect(harness.events.outcomes.contains("deleting deployment: finished"))
    }

    @Test func withoutAStateFileNothingIsDone() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }

        #expect(try await harness.delete(stateFileExists: false) == .noState)

        #expect(harness.log.all.isEmpty)
        #expect(harness.events.infos.contains("No deployment state file found."))
    }

    @Test func resourcesAlreadyGoneAreSkippedNotFatal() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        _ = try await harness.deploy()
        let state = try harness.stateOnDisk()
        let vm = try #require(state.currentVMCID)
        let disk = try #require(state.currentDisk)
        await harness.cloud.forget(vm: vm.rawValue, disk: disk.cid.rawValue)

        #expect(try await harness.delete() == .deleted)

        #expect(harness.events.outcomes.contains("Deleting VM '\(vm)': skipped [VM not found]"))
        #expect(harness.events.outcomes.contains("Deleting disk '\(disk.cid)': skipped [Disk not found]"))
        // has_vm said no: the agent of a VM that is gone is not contacted.
        let calls = harness.log.all
        let deleteStart = try #require(calls.lastIndex(of: "install cpi cpi_job"))
        #expect(
            Array(calls[deleteStart...]) == [
                "install cpi cpi_job", "cpi has_vm", "cpi delete_vm", "cpi delete_disk", "cpi delete_stemcell",
            ])
        #expect(!FileManager.default.fileExists(atPath: harness.statePath))
    }

    @Test func aVMWhoseAgentIsSilentIsDeletedWithoutStoppingJobs() async throws {
        var harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        _ = try await harness.deploy()
        let vm = try #require(try harness.stateOnDisk().currentVMCID)
        harness.agentUnreachable = true

        #expect(try await harness.delete() == .deleted)

        #expect(harness.events.outcomes.contains("Waiting for the agent on VM '\(vm)': failed"))
        #expect(harness.events.all.contains { if case .warning = $0 { true } else { false } })
        #expect(harness.events.outcomes.contains("Deleting VM '\(vm)': finished"))
        let calls = harness.log.all
        let deleteStart = try #require(calls.lastIndex(of: "install cpi cpi_job"))
        #expect(!calls[deleteStart...].contains("agent stop"))
        #expect(await harness.cloud.vms.isEmpty)
    }

    @Test func aFailedDeleteKeepsWhatIsLeftInTheState() async throws {
        let harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        _ = try await harness.deploy()
        await harness.cloud.fail("delete_disk")

        await #expect(throws: ContextError.self) { try await harness.delete() }

        let left = try harness.stateOnDisk()
        #expect(left.currentVMCID == nil)
        #expect(left.disks.count == 1)
        await harness.cloud.fail(nil)
        #expect(try await harness.delete() == .deleted)
        #expect(await harness.cloud.disks.isEmpty)
    }
}

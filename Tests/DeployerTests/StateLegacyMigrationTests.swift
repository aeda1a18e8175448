import CPIProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import Deployer

@Suite struct StateLegacyMigrationTests {
    /// As bosh-micro's Ruby CLI wrote it: symbol keys.
    static let legacy = """
        ---
        instances:
        - :id: 1
          :name: microbosh
          :uuid: bm-5480c6bb-3ba8-449a-a262-a2e75fbe5daf
          :stemcell_cid: ami-f2503e9a
          :stemcell_name: light-bosh-stemcell-2807-aws-xen-ubuntu-trusty-go_agent
          :config_sha1: f9bdbc6cf6bf922f520ee9c45ed94a16a46dd972
          :vm_cid: i-a1624150
          :disk_cid: vol-565ed74d
        disks: []
        registry_instances:
        - :instance_id: i-a1624150
          :settings: '{}'
        """

    @Test func legacyPathIsBesideTheManifest() {
        #expect(LegacyDeploymentState.path(forManifest: "/d/bosh.yml") == "/d/bosh-deployments.yml")
        #expect(LegacyDeploymentState.path(forManifest: "bosh.yml") == "bosh-deployments.yml")
    }

    @Test func firstInstanceBecomesTheStateAsInBoshCLI() throws {
        let state = try LegacyDeploymentState.migrate(
            Self.legacy, file: "bosh-deployments.yml", newID: StateTestFiles.sequentialIDs())
        #expect(state.directorID == "bm-5480c6bb-3ba8-449a-a262-a2e75fbe5daf")
        #expect(state.installationID == "id-1")
        #expect(state.currentVMCID == VMCID("i-a1624150"))
        #expect(state.disks == [DiskRecord(id: "id-2", cid: DiskCID("vol-565ed74d"), size: 0, cloudProperties: [:])])
        #expect(state.currentDiskID == "id-2")
        #expect(
            state.stemcells == [
                StemcellRecord(
                    id: "id-3", name: "light-bosh-stemcell-2807-aws-xen-ubuntu-trusty-go_agent", version: "",
                    cid: StemcellCID("ami-f2503e9a"))
            ])
        #expect(state.currentStemcellID == nil)
        #expect(state.releases.isEmpty)
    }

    @Test func missingValuesGetDefaults() throws {
        let text = "---\ninstances:\n- :stemcell_cid: sc-1\n"
        let state = try LegacyDeploymentState.migrate(text, file: "f", newID: StateTestFiles.sequentialIDs())
        #expect(state.directorID == "id-1")
        #expect(state.stemcells.first?.name == "unknown-stemcell")
        #expect(state.disks.isEmpty && state.currentVMCID == nil && state.currentDiskID == nil)
    }

    @Test func storeMigratesSavesAndDeletesTheLegacyFile() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let directory = scratch.path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let manifest = directory + "/bosh.yml"
        let legacyPath = LegacyDeploymentState.path(forManifest: manifest)
        try Data(Self.legacy.utf8).write(to: URL(fileURLWithPath: legacyPath))
        let store = FileStateStore(manifestPath: manifest)
        await #expect(throws: StateError.self) { try await store.migrateLegacyStateIfPresent(at: legacyPath) }
        try await store.lock()
        #expect(try await store.migrateLegacyStateIfPresent(at: legacyPath))
        #expect(!FileManager.default.fileExists(atPath: legacyPath))
        let state = try await FileStateStore(path: directory + "/bosh-state.json").load()
        #expect(state.currentVMCID == VMCID("i-a1624150"))
        #expect(state.currentDisk?.cid == DiskCID("vol-565ed74d"))
        // Only once: a state file now exists.
        try Data(Self.legacy.utf8).write(to: URL(fileURLWithPath: legacyPath))
        #expect(try await !store.migrateLegacyStateIfPresent(at: legacyPath))
        #expect(FileManager.default.fileExists(atPath: legacyPath))
        await store.unlock()
    }

    @Test func unreadableLegacyFileChangesNothing() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let directory = scratch.path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let legacyPath = directory + "/bosh-deployments.yml"
        try Data("instances: [unclosed".utf8).write(to: URL(fileURLWithPath: legacyPath))
        let store = FileStateStore(path: directory + "/bosh-state.json")
        try await store.lock()
        await #expect(throws: StateError.self) { try await store.migrateLegacyStateIfPresent(at: legacyPath) }
        #expect(FileManager.default.fileExists(atPath: legacyPath))
        #expect(!FileManager.default.fileExists(atPath: directory + "/bosh-state.json"))
        await store.unlock()
    }
}

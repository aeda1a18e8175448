import CPIProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import Deployer

/// Every typed change is on disk before it returns: each step is checked by reading the file
/// back through a second, independent store.
@Suite struct StateMutationTests {
    private func reload(_ path: String) async throws -> DeploymentState {
        try await FileStateStore(path: path).load()
    }

    @Test func everyChangeIsPersistedImmediately() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let directory = scratch.path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.json"
        let store = FileStateStore(path: path, idGenerator: StateTestFiles.sequentialIDs())
        try await store.lock()
        let initial = try await store.load()
        try await store.save(initial)
        #expect(try await reload(path).directorID == "id-1")
        #expect(try await reload(path).installationID == "id-2")

        try await store.clearDeploymentRecord()
        #expect(try await reload(path).currentManifestSHA == nil)

        let stemcell = try await store.recordStemcell(
            name: "st", version: "1.5", apiVersion: 3, cid: StemcellCID("sc-1"))
        #expect(stemcell.id == "id-3")
        #expect(try await reload(path).stemcells == [stemcell])
        #expect(try await reload(path).currentStemcellID == nil)

        try await store.recordVM(VMCID("vm-1"))
        #expect(try await reload(path).currentVMCID == VMCID("vm-1"))

        try await store.setCurrentStemcell(id: stemcell.id)
        #expect(try await reload(path).currentStemcell == stemcell)

        let disk = try await store.recordDisk(
            cid: DiskCID("disk-1"), size: 1024, cloudProperties: ["type": .string("ssd")])
        #expect(try await reload(path).disks == [disk])
        #expect(try await reload(path).currentDiskID == nil)

        try await store.setCurrentDisk(id: disk.id)
        #expect(try await reload(path).currentDisk?.cloudProperties == ["type": .string("ssd")])

        let releases = try await store.recordReleases([
            (name: "bosh", version: "280.0.0"), (name: "cpi", version: "45"),
        ])
        #expect(try await reload(path).releases == releases)
        #expect(try await reload(path).currentReleaseIDs == releases.map(\.id))

        try await store.setManifestSHA("abc123")
        #expect(try await reload(path).currentManifestSHA == "abc123")

        // A migration: new disk recorded, made current, old one removed.
        let newDisk = try await store.recordDisk(cid: DiskCID("disk-2"), size: 2048, cloudProperties: [:])
        #expect(try await store.unusedDisks().isEmpty == false)
        try await store.setCurrentDisk(id: newDisk.id)
        #expect(try await reload(path).unusedDisks() == [disk])
        #expect(try await store.removeDisk(DiskCID("disk-1")) == disk)
        #expect(try await reload(path).disks == [newDisk])
        #expect(try await reload(path).currentDisk == newDisk)

        try await store.clearVM()
        let afterVM = try await reload(path)
        #expect(afterVM.currentVMCID == nil && afterVM.currentStemcellID == nil)
        #expect(try await store.unusedStemcells() == [stemcell])

        #expect(try await store.removeStemcell(StemcellCID("sc-1")) == stemcell)
        #expect(try await reload(path).stemcells.isEmpty)

        // What the store holds in memory is what is on disk.
        #expect(try await store.current() == (try await reload(path)))
        await store.unlock()
    }

    @Test func refusedChangesLeaveMemoryAndDiskUntouched() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let directory = scratch.path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.json"
        let store = FileStateStore(path: path)
        try await store.lock()
        _ = try await store.load()
        try await store.recordVM(VMCID("vm-1"))
        try await store.recordDisk(cid: DiskCID("disk-1"), size: 10, cloudProperties: [:])
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let inMemory = try await store.current()

        await #expect(throws: StateError.self) { try await store.recordVM(VMCID("")) }
        await #expect(throws: StateError.self) {
            try await store.recordDisk(cid: DiskCID(""), size: 1, cloudProperties: [:])
        }
        await #expect(throws: StateError.self) {
            try await store.recordStemcell(name: "s", version: "1", apiVersion: nil, cid: StemcellCID(""))
        }
        await #expect(throws: StateError.self) { try await store.removeDisk(DiskCID("")) }
        await #expect(throws: StateError.self) { try await store.removeStemcell(StemcellCID("")) }
        await #expect(throws: StateError.self) {
            try await store.recordDisk(cid: DiskCID("disk-1"), size: 1, cloudProperties: [:])
        }
        await #expect(throws: StateError.self) { try await store.setCurrentDisk(id: "no-such-id") }

        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try await store.current() == inMemory)
        #expect(try await reload(path).currentVMCID == VMCID("vm-1"))
        await store.unlock()
    }

    @Test func emptyCIDErrorSaysWhatWasRefused() async throws {
        var state = DeploymentState(directorID: "d", installationID: "i")
        let error = #expect(throws: StateError.self) { try state.recordVM(VMCID("")) }
        #expect(error?.description == "Recording VM: refusing an empty VM CID")
    }
}

import CPIProtocol
import DeployerSupport
import Testing

@testable import Deployer

@Suite struct StateRecordsTests {
    private func sample() throws -> DeploymentState {
        var state = DeploymentState(directorID: "d", installationID: "i")
        try state.recordStemcell(id: "s-old", name: "st", version: "1", apiVersion: 2, cid: StemcellCID("sc-old"))
        try state.recordStemcell(id: "s-new", name: "st", version: "2", apiVersion: 3, cid: StemcellCID("sc-new"))
        try state.recordDisk(id: "d-old", cid: DiskCID("disk-old"), size: 1024, cloudProperties: [:])
        try state.recordDisk(
            id: "d-new", cid: DiskCID("disk-new"), size: 2048, cloudProperties: ["type": .string("ssd")])
        try state.recordVM(VMCID("vm-1"))
        try state.setCurrentStemcell(id: "s-new")
        try state.setCurrentDisk(id: "d-new")
        return state
    }

    @Test func unusedQueriesNeverReturnTheCurrentResources() throws {
        let state = try sample()
        #expect(state.unusedStemcells().map(\.id) == ["s-old"])
        #expect(state.unusedDisks().map(\.id) == ["d-old"])
        var noCurrent = state
        noCurrent.clearVM()
        #expect(noCurrent.unusedStemcells().map(\.id) == ["s-old", "s-new"])
    }

    @Test func recordsWithAnEmptyCIDAreNeverOfferedForDeletion() throws {
        var state = try sample()
        state.disks.append(DiskRecord(id: "d-blank", cid: DiskCID(""), size: 0))
        state.stemcells.append(StemcellRecord(id: "s-blank", name: "x", version: "", cid: StemcellCID("")))
        #expect(!state.unusedDisks().contains { $0.id == "d-blank" })
        #expect(!state.unusedStemcells().contains { $0.id == "s-blank" })
    }

    @Test func emptyCIDsAreRefused() throws {
        var state = try sample()
        let before = state
        #expect(throws: StateError.self) { try state.recordVM(VMCID("")) }
        #expect(throws: StateError.self) {
            try state.recordDisk(id: "x", cid: DiskCID(""), size: 1, cloudProperties: [:])
        }
        #expect(throws: StateError.self) {
            try state.recordStemcell(id: "x", name: "n", version: "9", apiVersion: nil, cid: StemcellCID(""))
        }
        #expect(throws: StateError.self) { try state.removeDisk(cid: DiskCID("")) }
        #expect(throws: StateError.self) { try state.removeStemcell(cid: StemcellCID("")) }
        #expect(state == before)
    }

    @Test func duplicatesAndDanglingIDsAreRefused() throws {
        var state = try sample()
        let duplicateVersion = #expect(throws: StateError.self) {
            try state.recordStemcell(id: "x", name: "st", version: "2", apiVersion: nil, cid: StemcellCID("sc-other"))
        }
        #expect(duplicateVersion?.description.contains("'st/2'") == true)
        #expect(throws: StateError.self) {
            try state.recordStemcell(id: "x", name: "st", version: "3", apiVersion: nil, cid: StemcellCID("sc-new"))
        }
        #expect(throws: StateError.self) {
            try state.recordDisk(id: "x", cid: DiskCID("disk-old"), size: 1, cloudProperties: [:])
        }
        #expect(throws: StateError.self) { try state.setCurrentDisk(id: "nope") }
        #expect(throws: StateError.self) { try state.setCurrentStemcell(id: "nope") }
        #expect(state.currentDiskID == "d-new")
    }

    @Test func removingTheCurrentRecordClearsTheCurrentID() throws {
        var state = try sample()
        #expect(try state.removeDisk(cid: DiskCID("disk-new"))?.id == "d-new")
        #expect(state.currentDiskID == nil)
        #expect(try state.removeStemcell(cid: StemcellCID("sc-new"))?.id == "s-new")
        #expect(state.currentStemcellID == nil)
        #expect(try state.removeDisk(cid: DiskCID("missing")) == nil)
        #expect(state.disks.map(\.id) == ["d-old"])
    }

    @Test func clearVMAlsoClearsTheCurrentStemcellAsBoshCLIDoes() throws {
        var state = try sample()
        state.clearVM()
        #expect(state.currentVMCID == nil)
        #expect(state.currentStemcellID == nil)
        #expect(state.stemcells.count == 2)
        #expect(state.currentDiskID == "d-new")
    }

    @Test func deploymentRecordIsClearedAtStartAndSetAtEnd() throws {
        var state = try sample()
        state.setReleases([
            ReleaseRecord(id: "r1", name: "bosh", version: "1"), ReleaseRecord(id: "r2", name: "cpi", version: "2"),
        ])
        state.setManifestSHA("abc")
        #expect(state.currentReleaseIDs == ["r1", "r2"])
        #expect(state.currentManifestSHA == "abc")
        state.clearDeploymentRecord()
        #expect(state.currentManifestSHA == nil)
        #expect(state.releases.isEmpty && state.currentReleaseIDs.isEmpty)
        state.setManifestSHA("")
        #expect(state.currentManifestSHA == nil)
    }
}

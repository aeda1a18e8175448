import CPIProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import Synchronization
import Testing

@testable import Deployer

/// Fixtures and temporary files shared by the State*Tests suites.
enum StateTestFiles {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("state")

    /// The bytes of `Fixtures/state/<name>`.
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent(name))
    }

    /// Record ids "id-1", "id-2", ... so expectations can name them.
    static func sequentialIDs() -> @Sendable () -> String {
        let counter = Mutex(0)
        return {
            let next = counter.withLock { value -> Int in
                value += 1
                return value
            }
            return "id-\(next)"
        }
    }

    /// The JSON object in `data`, parsed independently of the code under test.
    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func encode(_ state: DeploymentState) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(state)
    }
}

@Suite struct StateModelTests {
    @Test func boshCLIStateFileDecodesEveryField() throws {
        let state = try JSONDecoder().decode(DeploymentState.self, from: StateTestFiles.fixture("bosh-cli-state.json"))
        #expect(state.directorID == "9f1d3c2a-6c8e-4a57-b0c5-2b7e0e0f6b11")
        #expect(state.installationID == "6a2d7e55-0a0e-4c4f-9a1b-3a1f2c3d4e5f")
        #expect(state.currentVMCID == VMCID("vm-1987aaea-2b7c-4c2e-6a4d-1f0e9d8c7b6a"))
        #expect(
            state.currentReleaseIDs == ["f0e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f", "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"])
        #expect(state.currentManifestSHA?.count == 128)
        #expect(state.disks.count == 2)
        #expect(state.currentDisk?.cid == DiskCID("disk-030015fc"))
        #expect(state.currentDisk?.size == 65536)
        #expect(
            state.currentDisk?.cloudProperties == [
                "encrypted": .bool(true), "iops": .int(3000), "tags": .array([.string("bosh"), .string("director")]),
                "type": .string("gp3"),
            ])
        #expect(state.currentStemcell?.name == "bosh-aws-xen-hvm-ubuntu-jammy-go_agent")
        #expect(state.currentStemcell?.apiVersion == 3)
        #expect(state.currentStemcell?.cid == StemcellCID("ami-0123456789abcdef0"))
        #expect(state.stemcells[1].apiVersion == nil)
        #expect(state.releases.map(\.name) == ["bosh", "bosh-aws-cpi"])
        #expect(state.unknownFields.isEmpty)
        #expect(state.deployer.schemaVersion == DeployerStateMetadata.currentSchemaVersion)
    }

    @Test func roundTripKeepsEveryBoshCLIFieldAndAddsOnlyOurKey() throws {
        let original = try StateTestFiles.fixture("bosh-cli-state.json")
        let state = try JSONDecoder().decode(DeploymentState.self, from: original)
        var written = try StateTestFiles.object(StateTestFiles.encode(state))
        let deployer = try #require(written.removeValue(forKey: "deployer") as? [String: Any])
        #expect(deployer["schema_version"] as? Int == 1)
        let expected = try StateTestFiles.object(original)
        #expect(NSDictionary(dictionary: written).isEqual(to: expected))
        // And the rewritten file decodes to the same value.
        #expect(try JSONDecoder().decode(DeploymentState.self, from: StateTestFiles.encode(state)) == state)
    }

    @Test func unknownFieldsFromANewerWriterArePreserved() throws {
        let json = """
            {"director_id": "d", "installation_id": "i", "future_top": {"nested": [1, 2.5, null, "x"]},
             "disks": [{"id": "a", "cid": "disk-1", "size": 10, "cloud_properties": {}, "encryption_key_id": "k1"}],
             "stemcells": [{"id": "s", "name": "n", "version": "1", "cid": "sc-1", "os": "jammy"}],
             "releases": [{"id": "r", "name": "bosh", "version": "1", "sha1": "abc"}],
             "deployer": {"schema_version": 1, "note": "kept"}}
            """
        let state = try JSONDecoder().decode(DeploymentState.self, from: Data(json.utf8))
        #expect(
            state.unknownFields["future_top"]
                == .object(["nested": .array([.int(1), .double(2.5), .null, .string("x")])]))
        let written = try StateTestFiles.object(StateTestFiles.encode(state))
        let top = try #require(written["future_top"] as? [String: Any])
        #expect((top["nested"] as? [Any])?.count == 4)
        let disk = try #require((written["disks"] as? [[String: Any]])?.first)
        #expect(disk["encryption_key_id"] as? String == "k1")
        let stemcell = try #require((written["stemcells"] as? [[String: Any]])?.first)
        #expect(stemcell["os"] as? String == "jammy")
        let release = try #require((written["releases"] as? [[String: Any]])?.first)
        #expect(release["sha1"] as? String == "abc")
        let deployer = try #require(written["deployer"] as? [String: Any])
        #expect(deployer["note"] as? String == "kept")
    }

    @Test func freshBoshCLIFileWithNullArraysAndEmptyStringsLoads() throws {
        // What bosh-cli writes on first load: Go zero values, nil slices as null.
        let json = """
            {
                "director_id": "d-1",
                "installation_id": "",
                "current_vm_cid": "",
                "current_stemcell_id": "",
                "current_disk_id": "",
                "current_release_ids": null,
                "current_manifest_sha": "",
                "disks": null,
                "stemcells": null,
                "releases": null
            }
            """
        let state = try JSONDecoder().decode(DeploymentState.self, from: Data(json.utf8))
        #expect(state == DeploymentState(directorID: "d-1", installationID: ""))
        let written = try StateTestFiles.object(StateTestFiles.encode(state))
        // Every bosh-cli key is written, unset strings as "" (what Go reads as unset).
        for key in ["current_vm_cid", "current_stemcell_id", "current_disk_id", "current_manifest_sha"] {
            #expect(written[key] as? String == "", "key \(key)")
        }
        for key in ["current_release_ids", "disks", "stemcells", "releases"] {
            #expect((written[key] as? [Any])?.isEmpty == true, "key \(key)")
        }
    }

    @Test func manualRecoveryFileFromTheDocsLoads() throws {
        let json =
            #"{"current_vm_cid": "vm-1", "current_disk_id": "disk1", "disks": [{"id": "disk1", "cid": "disk-abc"}]}"#
        let state = try JSONDecoder().decode(DeploymentState.self, from: Data(json.utf8))
        #expect(state.currentVMCID == VMCID("vm-1"))
        #expect(state.currentDisk == DiskRecord(id: "disk1", cid: DiskCID("disk-abc"), size: 0, cloudProperties: [:]))
        #expect(state.directorID.isEmpty)
    }

    @Test(arguments: [(Int?.none, false), (0, false), (3, true)])
    func apiVersionIsOmittedWhenZeroOrAbsent(apiVersion: Int?, written: Bool) throws {
        let state = DeploymentState(
            directorID: "d", installationID: "i",
            stemcells: [
                StemcellRecord(id: "s", name: "n", version: "1", apiVersion: apiVersion, cid: StemcellCID("sc"))
            ])
        let object = try StateTestFiles.object(StateTestFiles.encode(state))
        let stemcell = try #require((object["stemcells"] as? [[String: Any]])?.first)
        #expect((stemcell["api_version"] != nil) == written)
        #expect(stemcell["cid"] as? String == "sc")
    }

    @Test func wrongFieldTypeIsADecodingError() {
        let json = #"{"disks": [{"id": "a", "cid": "b", "size": "big"}]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DeploymentState.self, from: Data(json.utf8)) }
    }
}

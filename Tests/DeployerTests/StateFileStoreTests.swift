import CPIProtocol
import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import Deployer

@Suite struct StateFileStoreTests {
    private func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    private func bytes(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    @Test(arguments: [
        ("/d/bosh.yml", String?.none, "/d/bosh-state.json"),
        ("bosh.yml", nil, "bosh-state.json"),
        ("./bosh.yml", nil, "bosh-state.json"),
        ("/bosh.yml", nil, "/bosh-state.json"),
        ("envs/my.env.yaml", nil, "envs/my.env-state.json"),
        ("/d/manifest", nil, "/d/manifest-state.json"),
        ("/d/bosh.yml", "/elsewhere/s.json", "/elsewhere/s.json"),
        ("/d/bosh.yml", "", "/d/bosh-state.json"),
    ])
    func locationFollowsBoshCLI(manifest: String, explicit: String?, expected: String) {
        #expect(FileStateStore.statePath(forManifest: manifest, explicit: explicit) == expected)
        #expect(FileStateStore(manifestPath: manifest, statePath: explicit).path == expected)
    }

    @Test func absentFileGivesFreshIdentifiersAndWritesNothing() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let directory = scratch.path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/bosh-state.json"
        let store = FileStateStore(path: path)
        let state = try await store.load()
        #expect(UUID(uuidString: state.directorID) != nil)
        #expect(UUID(uuidString: state.installationID) != nil)
        #expect(state.directorID != state.installationID)
        #expect(state.directorID == state.directorID.lowercased())
        #expect(state.currentVMCID == nil && state.disks.isEmpty && state.stemcells.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func emptyFileNamesTheResourcesItsBackupLists() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let path = scratch.path + "/s.json"
        try Data().write(to: URL(fileURLWithPath: path))
        try StateTestFiles.fixture("bosh-cli-state.json").write(to: URL(fileURLWithPath: path + ".bak"))
        let error = try #require(await #expect(throws: StateError.self) { try await FileStateStore(path: path).load() })
        let text = error.description
        #expect(text.contains("it is empty"), "\(text)")
        #expect(text.contains("'\(path).bak' (the state before the last save) lists "), "\(text)")
        #expect(text.contains("VM 'vm-1987aaea-2b7c-4c2e-6a4d-1f0e9d8c7b6a'"), "\(text)")
        #expect(text.contains("disk 'disk-0a1b2c3d'") && text.contains("stemcell 'ami-0123456789abcdef0'"), "\(text)")
        #expect(text.contains("cp '\(path).bak' '\(path)'"), "\(text)")
    }

    @Test func backupListingNothingOrInvalidIsSaidSo() throws {
        let scratch = try TemporaryDirectory("state-tests")
        let path = scratch.path + "/s.json"
        #expect(StateBackup.inspect(statePath: path) == nil)
        try Data(#"{"director_id": "d"}"#.utf8).write(to: URL(fileURLWithPath: path + ".bak"))
        let empty = try #require(StateBackup.inspect(statePath: path))
        #expect(empty.isValid && empty.resources.isEmpty)
        #expect(
            StateError.corrupt(path: path, problem: "p", backup: empty).description.contains("lists no cloud resources")
        )
        try Data("{".utf8).write(to: URL(fileURLWithPath: path + ".bak"))
        let invalid = try #require(StateBackup.inspect(statePath: path))
        #expect(!invalid.isValid)
        #expect(
            StateError.corrupt(path: path, problem: "p", backup: invalid).description.contains(
                "exists but is not a valid state file either"))
    }

    @Test func directoryAsStatePathIsNamedPlainly() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let path = scratch.path + "/dir"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let store = FileStateStore(path: path)
        let lockError = try #require(await #expect(throws: StateError.self) { try await store.lock() })
        #expect(
            lockError.description
                == "Reading deployment state file '\(path)': it is a directory; --state must name a file")
        let loadError = try #require(await #expect(throws: StateError.self) { try await store.load() })
        #expect(loadError.description == lockError.description)
        #expect(!loadError.description.contains("NSCocoaErrorDomain"))
    }

    @Test func savedFileIsMode0600AndKeepsTheBackup() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let directory = scratch.path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.json"
        let store = FileStateStore(path: path)
        try await store.lock()
        var state = try await store.load()
        try await store.save(state)
        let first = try bytes(path)
        #expect(try mode(of: path) == 0o600)
        #expect(!FileManager.default.fileExists(atPath: path + ".bak"))
        state.currentManifestSHA = "sha-2"
        try await store.save(state)
        #expect(try bytes(path + ".bak") == first)
        #expect(try mode(of: path + ".bak") == 0o600)
        #expect(try mode(of: path) == 0o600)
        let written = try StateTestFiles.object(bytes(path))
        #expect(written["current_manifest_sha"] as? String == "sha-2")
        #expect((written["deployer"] as? [String: Any])?["schema_version"] as? Int == 1)
        await store.unlock()
    }

    @Test func rewriteOfABoshCLIFileIsByteIdenticalApartFromOurKey() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let directory = scratch.path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.json"
        let original = try StateTestFiles.fixture("bosh-cli-state.json")
        try original.write(to: URL(fileURLWithPath: path))
        let store = FileStateStore(path: path)
        try await store.lock()
        let state = try await store.load()
        try await store.save(state)
        let first = try bytes(path)
        // The fixture is laid out as bosh-cli writes it (Go MarshalIndent, 4 spaces, no final
        // newline); our only addition is the "deployer" key at the end.
        var expected = String(decoding: original, as: UTF8.self)
        expected.removeLast()  // the closing brace
        expected += "    ,\n    \"deployer\": {\n        \"schema_version\": 1\n    }\n}"
        expected = expected.replacingOccurrences(of: "\n    ,\n", with: ",\n")
        #expect(String(decoding: first, as: UTF8.self) == expected)
        // Saving again is stable.
        try await store.save(state)
        #expect(try bytes(path) == first)
        await store.unlock()
    }

    @Test(arguments: [
        // Empty is refused as bosh-cli refuses it, never read as "nothing deployed".
        ("", "is not valid: it is empty (unexpected end of JSON input)"),
        ("  \n\t\n", "is not valid: it is empty (unexpected end of JSON input)"),
        ("{\"director_id\": \"d\", \"disks\": [", "invalid JSON"),
        ("not json at all", "invalid JSON"),
        ("[1, 2]", "top level (expected an object)"),
        (#"{"disks": [{"id": "a", "cid": "b", "size": "big"}]}"#, "'disks[0].size'"),
        (#"{"current_vm_cid": 42}"#, "'current_vm_cid'"),
    ])
    func corruptFileIsReportedAndNeverOverwritten(content: String, problem: String) async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let directory = scratch.path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.json"
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        let store = FileStateStore(path: path)
        try await store.lock()
        let error = try #require(await #expect(throws: StateError.self) { try await store.load() })
        guard case .corrupt(let reported, _, let backup) = error else {
            Issue.record("expected .corrupt, got \(error)")
            return
        }
        #expect(reported == path)
        #expect(backup == nil)
        #expect(error.description.contains(path))
        #expect(error.description.contains(problem), "\(error)")
        #expect(error.description.contains("there is no '\(path).bak' to restore"), "\(error)")
        // Nothing can replace the file now: neither a save nor a typed change.
        await #expect(throws: StateError.self) {
            try await store.save(DeploymentState(directorID: "x", installationID: "y"))
        }
        await #expect(throws: StateError.self) { try await store.recordVM(VMCID("vm-1")) }
        #expect(try bytes(path) == Data(content.utf8))
        #expect(!FileManager.default.fileExists(atPath: path + ".bak"))
        await store.unlock()
    }

    @Test func truncatedFileNamesTheBackup() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let directory = scratch.path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.json"
        let full = try StateTestFiles.fixture("bosh-cli-state.json")
        let truncated = full.prefix(full.count / 2)
        try truncated.write(to: URL(fileURLWithPath: path))
        try full.write(to: URL(fileURLWithPath: path + ".bak"))
        let error = try #require(await #expect(throws: StateError.self) { try await FileStateStore(path: path).load() })
        #expect(error.description.contains("Deployment state file '\(path)' is not valid: invalid JSON"), "\(error)")
        #expect(error.description.contains("'\(path).bak' (the state before the last save) lists VM"), "\(error)")
        #expect(try bytes(path) == Data(truncated))
        #expect(try bytes(path + ".bak") == full)
    }

    @Test func fileFromANewerDeployerSchemaIsRefused() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let directory = scratch.path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.json"
        try Data(#"{"director_id": "d", "deployer": {"schema_version": 99}}"#.utf8).write(
            to: URL(fileURLWithPath: path))
        let error = try #require(await #expect(throws: StateError.self) { try await FileStateStore(path: path).load() })
        guard case .unsupportedSchemaVersion(_, 99, 1) = error else {
            Issue.record("expected .unsupportedSchemaVersion, got \(error)")
            return
        }
    }

    @Test func boshCLIFileLoadsAndKeepsItsIdentifiers() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let directory = scratch.path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.json"
        try StateTestFiles.fixture("bosh-cli-state.json").write(to: URL(fileURLWithPath: path))
        let state = try await FileStateStore(path: path).load()
        #expect(state.directorID == "9f1d3c2a-6c8e-4a57-b0c5-2b7e0e0f6b11")
        #expect(state.installationID == "6a2d7e55-0a0e-4c4f-9a1b-3a1f2c3d4e5f")
        #expect(state.unusedDisks().map(\.cid) == [DiskCID("disk-0a1b2c3d")])
        #expect(state.unusedStemcells().map(\.cid) == [StemcellCID("ami-0fedcba9876543210")])
    }

    @Test func unknownFieldsSurviveARewriteByTheStore() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let directory = scratch.path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.json"
        var object = try StateTestFiles.object(StateTestFiles.fixture("bosh-cli-state.json"))
        object["newer_bosh_field"] = ["a": 1]
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        let store = FileStateStore(path: path)
        try await store.lock()
        _ = try await store.load()
        try await store.clearVM()
        let written = try StateTestFiles.object(bytes(path))
        #expect((written["newer_bosh_field"] as? [String: Any])?["a"] as? Int == 1)
        #expect(written["current_vm_cid"] as? String == "")
        await store.unlock()
    }

    @Test func changesNeedTheLockAndALoad() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let directory = scratch.path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.json"
        let store = FileStateStore(path: path)
        let unlocked = try #require(
            await #expect(throws: StateError.self) {
                try await store.save(DeploymentState(directorID: "d", installationID: "i"))
            })
        guard case .notLocked = unlocked else {
            Issue.record("expected .notLocked, got \(unlocked)")
            return
        }
        try await store.lock()
        let unloaded = try #require(await #expect(throws: StateError.self) { try await store.recordVM(VMCID("vm")) })
        guard case .notLoaded = unloaded else {
            Issue.record("expected .notLoaded, got \(unloaded)")
            return
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        await store.unlock()
    }

    @Test func removeFileDeletesTheState() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let directory = scratch.path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/s.json"
        let store = FileStateStore(path: path)
        try await store.lock()
        _ = try await store.load()
        try await store.recordVM(VMCID("vm-1"))
        try await store.clearVM()
        #expect(FileManager.default.fileExists(atPath: path))
        // The backup lists vm-1, which a delete removed: it must not outlive the state.
        #expect(StateBackup.inspect(statePath: path)?.resources == ["VM 'vm-1'"])
        try await store.removeFile()
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: path + ".bak"))
        await #expect(throws: StateError.self) { try await store.current() }
        await store.unlock()
    }

    @Test func missingParentDirectoryIsCreatedOnLock() async throws {
        let scratch = try TemporaryDirectory("state-tests")
        let directory = scratch.path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/nested/deeper/s.json"
        let store = FileStateStore(path: path)
        try await store.lock()
        try await store.save(try await store.load())
        #expect(FileManager.default.fileExists(atPath: path))
        await store.unlock()
    }
}

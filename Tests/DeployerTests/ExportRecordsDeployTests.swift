import Deployer
import DeployerSupport
import Foundation
import ReleaseCompiler
import Testing

/// What a deploy keeps for `export-release`: the record of each release the instance group
/// uses, and its packages compiled for this stemcell, under the key the export computes.
@Suite struct ExportRecordsDeployTests {
    /// The cache keys `export-release app/1 ubuntu-jammy/<version>` looks up.
    private func exportKeys(version: String) throws -> [String: String] {
        try CompiledPackageKeys.keys(
            of: [
                .init(name: "lib", fingerprint: "lfp", dependencies: []),
                .init(name: "server", fingerprint: "sfp", dependencies: ["lib"]),
            ],
            platform: CompiledPackageKeys.platform(operatingSystem: "ubuntu-jammy", stemcellVersion: version))
    }

    @Test func aDeployRecordsItsReleaseAndCachesWhatExportNeeds() async throws {
        var harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        harness.keepsReleaseRecords = true
        harness.inspector.libCompiledFor = "ubuntu-jammy/1.0"

        _ = try await harness.deploy()

        let records = ReleaseRecordStore(root: harness.directory + "/home/releases")
        // The CPI release is installed on this machine, not compiled on the VM: not recorded.
        #expect(records.knownReleases() == ["app/1"])
        let record = try #require(try records.record(name: "app", version: "1"))
        #expect(record.manifest.jobs.map(\.name) == ["web"])
        #expect(FileManager.default.contents(atPath: record.jobTarball("web")) == Data("web".utf8))
        #expect(!FileManager.default.fileExists(atPath: record.directory + "/compiled_packages"))

        let cache = CompiledPackageCache(root: harness.directory + "/compiled")
        let keys = try exportKeys(version: "1.0")
        // `server`, compiled by the VM, and `lib`, which came compiled for this stemcell.
        let server = await cache.lookup(key: try #require(keys["server"]))
        #expect(server?.name == "server")
        let lib = await cache.lookup(key: try #require(keys["lib"]))
        #expect(lib.map { FileManager.default.contents(atPath: $0.tarball) } == Data("lib".utf8))
        #expect(harness.events.warnings.isEmpty, "\(harness.events.warnings)")
    }

    @Test func aPackageCompiledForAnotherStemcellIsNotCached() async throws {
        var harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        harness.keepsReleaseRecords = true
        harness.inspector.libCompiledFor = "ubuntu-jammy/0.9"

        _ = try await harness.deploy()

        let cache = CompiledPackageCache(root: harness.directory + "/compiled")
        #expect(await cache.lookup(key: try #require(try exportKeys(version: "1.0")["lib"])) == nil)
        #expect(await cache.lookup(key: try #require(try exportKeys(version: "0.9")["lib"])) == nil)
    }
}

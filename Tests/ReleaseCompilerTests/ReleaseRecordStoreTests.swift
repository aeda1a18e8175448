import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import ReleaseCompiler

/// What a deploy keeps of a release for `export-release`.
@Suite(.serialized) struct ReleaseRecordStoreTests {
    @Test func keepsTheManifestJobsAndLicenseButNoPackage() async throws {
        let fixture = try await ExportFixture()
        let directory = fixture.records.root + "/app-release/1.0"
        let files = try FileManager.default.subpathsOfDirectory(atPath: directory).sorted()
        #expect(files == ["jobs", "jobs/web.tgz", "license.tgz", "release.MF"])
        #expect(
            FileManager.default.contents(atPath: directory + "/release.MF")
                == FileManager.default.contents(atPath: fixture.release.directory + "/release.MF"))
        #expect(
            FileManager.default.contents(atPath: directory + "/jobs/web.tgz")
                == FileManager.default.contents(atPath: fixture.release.directory + "/jobs/web.tgz"))
        #expect(fixture.records.knownReleases() == ["app-release/1.0"])
        let record = try #require(try fixture.records.record(name: "app-release", version: "1.0"))
        #expect(record.manifest == fixture.release.manifest)
        #expect(record.licenseTarball == directory + "/license.tgz")
        #expect(record.packages.map(\.name) == ["app", "lib"])
        #expect(try fixture.records.record(name: "app-release", version: "2.0") == nil)
        #expect(try fixture.records.record(name: "other", version: "1.0") == nil)
    }

    @Test func aReleaseRebuiltUnderTheSameVersionReplacesItsRecord() async throws {
        let fixture = try await ExportFixture()
        let root = fixture.dir.path + "/app-release"
        try fixture.dir.write("app-release/jobs/web/monit", "check process web-changed\n")
        let tarball = fixture.dir.path + "/rebuilt.tgz"
        _ = try await ReleaseBuilder().createRelease(directory: root, version: "1.0", tarball: tarball)
        let rebuilt = try await ReleaseReader().read(tarball: tarball, into: fixture.dir.path + "/rebuilt")
        #expect(rebuilt.manifest.jobs != fixture.release.manifest.jobs)

        try fixture.records.keep(rebuilt)

        let record = try #require(try fixture.records.record(name: "app-release", version: "1.0"))
        #expect(record.manifest.jobs == rebuilt.manifest.jobs)
        #expect(
            FileManager.default.contents(atPath: record.jobTarball("web"))
                == FileManager.default.contents(atPath: rebuilt.directory + "/jobs/web.tgz"))
        // No staging or replaced directory is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.records.root + "/app-release") == ["1.0"])
        // Keeping the same release again changes nothing.
        try fixture.records.keep(rebuilt)
        #expect(try fixture.records.record(name: "app-release", version: "1.0") == record)
    }

    @Test(arguments: [
        ("../escape", "1.0", "web"), ("app", "..", "web"), ("app", "1/2", "web"), ("app", "1.0", "../../escape"),
        ("", "1.0", "web"),
    ])
    func namesFromTheTarballMustBeOneDirectoryName(name: String, version: String, job: String) async throws {
        let fixture = try await ExportFixture()
        var manifest = fixture.release.manifest
        manifest.name = name
        manifest.version = version
        manifest.jobs[0].name = job
        let hostile = ExtractedRelease(
            manifest: manifest, directory: fixture.release.directory, jobs: [], packages: [])
        let records = ReleaseRecordStore(root: fixture.home + "/hostile/releases")

        #expect(throws: ReleaseError.self) { try records.keep(hostile) }

        #expect(!FileManager.default.fileExists(atPath: fixture.home + "/hostile/escape"))
        #expect(!FileManager.default.fileExists(atPath: fixture.home + "/escape"))
        #expect(records.knownReleases().isEmpty)
    }

    @Test func aLookupByAnUnsafeNameIsRefused() async throws {
        let fixture = try await ExportFixture()
        #expect(throws: ReleaseError.self) { try fixture.records.record(name: "..", version: "releases") }
        #expect(throws: ReleaseError.self) { try fixture.records.record(name: "app-release", version: "../1.0") }
    }
}

import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import ReleaseCompiler

/// `export-release` from a recorded release and the compiled-package cache.
@Suite(.serialized) struct CompiledReleaseExporterTests {
    @Test func writesACompiledReleaseThatReadsBack() async throws {
        let fixture = try await ExportFixture()
        let cached = try await fixture.compile(["app", "lib"])
        let out = fixture.dir.path + "/out"

        let exported = try await fixture.exporter().export(try fixture.request(into: out))

        #expect(exported.tarball == out + "/app-release-1.0-ubuntu-jammy-1.0.tgz")
        #expect(exported.stemcell == "ubuntu-jammy/1.0")
        #expect(exported.sha1 == (try ArchiveDigests.sha256(ofFile: exported.tarball)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["app-release-1.0-ubuntu-jammy-1.0.tgz"])

        let source = fixture.release.manifest
        let read = try await ReleaseReader().read(tarball: exported.tarball, into: fixture.dir.path + "/read-back")
        let manifest = read.manifest
        #expect(manifest == exported.manifest)
        #expect(manifest.name == "app-release" && manifest.version == "1.0")
        #expect(manifest.commitHash == source.commitHash)
        #expect(manifest.uncommittedChanges == source.uncommittedChanges)
        #expect(manifest.jobs == source.jobs)
        #expect(manifest.jobs.first?.dependencies == ["app"])
        #expect(manifest.packages.isEmpty)
        #expect(manifest.license == source.license)
        #expect(!manifest.noCompression)
        #expect(manifest.compiledPackages.map(\.name) == ["app", "lib"])
        for entry in manifest.compiledPackages {
            let original = try #require(source.packages.first { $0.name == entry.name })
            #expect(entry.fingerprint == original.fingerprint)
            #expect(entry.version == original.version)
            #expect(entry.dependencies == original.dependencies)
            #expect(entry.stemcell == "ubuntu-jammy/1.0")
            // A bare SHA-1, as a Director's export writes it and every bosh-cli reads it.
            let file = try #require(cached[entry.name])
            #expect(entry.sha1 == (try Digest.compute(ofFile: file, algorithm: .sha1).hex))
        }
        #expect(read.packages.allSatisfy { $0.isCompiled })
        for package in read.packages {
            #expect(
                FileManager.default.contents(atPath: package.tarball)
                    == FileManager.default.contents(atPath: try #require(cached[package.name])))
        }
        #expect(read.jobs.map(\.name) == ["web"])

        let text = try String(contentsOfFile: fixture.dir.path + "/read-back/release.MF", encoding: .utf8)
        #expect(text.contains("compiled_packages:\n- name: app\n"), "\(text)")
        #expect(text.contains("  stemcell: ubuntu-jammy/1.0\n"), "\(text)")
        #expect(!text.contains("\npackages:"), "\(text)")

        // release.MF first, then the jobs and the license, then the large packages.
        var order: [String] = []
        var modes: Set<UInt32> = []
        var mtimes: Set<Int> = []
        try LibArchiveReader().forEachEntry(in: exported.tarball) { entry, _ in
            order.append(entry.path)
            modes.insert(entry.permissions)
            mtimes.insert(Int(entry.modificationDate.timeIntervalSince1970))
        }
        #expect(
            order == [
                "release.MF", "jobs/", "jobs/web.tgz", "license.tgz", "compiled_packages/",
                "compiled_packages/app.tgz", "compiled_packages/lib.tgz",
            ])
        #expect(modes == [0o644, 0o755])
        #expect(mtimes == [0])
        let listing = try Self.tarListing(exported.tarball)
        #expect(listing.count == order.count && listing.allSatisfy { $0.contains(" 0/0 ") }, "\(listing)")
        // Nothing left in the scratch space.
        #expect((try? FileManager.default.contentsOfDirectory(atPath: fixture.home + "/tmp")) ?? [] == [])
    }

    /// `tar -tvz --numeric-owner`: one line per entry with its `uid/gid`.
    static func tarListing(_ tarball: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/tar")
        process.arguments = ["--numeric-owner", "-tvzf", tarball]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func theSameInputsGiveTheSameBytes() async throws {
        let fixture = try await ExportFixture()
        try await fixture.compile(["app", "lib"])
        let first = try await fixture.exporter().export(try fixture.request(into: fixture.dir.path + "/one"))
        let second = try await fixture.exporter().export(try fixture.request(into: fixture.dir.path + "/two"))
        #expect(first.sha1 == second.sha1)

        // Newer mtimes and other modes on every file the export reads change nothing.
        let later = Date(timeIntervalSinceNow: 3600)
        for root in [fixture.home + "/compiled", fixture.home + "/releases"] {
            for file in try FileTree.regularFiles(under: root) {
                try FileManager.default.setAttributes(
                    [.modificationDate: later, .posixPermissions: 0o600], ofItemAtPath: file)
            }
        }
        let third = try await fixture.exporter().export(try fixture.request(into: fixture.dir.path + "/three"))
        #expect(third.sha1 == first.sha1)
        #expect(
            FileManager.default.contents(atPath: third.tarball) == FileManager.default.contents(atPath: first.tarball))

        // Exporting again over an existing file replaces it with the same bytes.
        let again = try await fixture.exporter().export(try fixture.request(into: fixture.dir.path + "/one"))
        #expect(again.sha1 == first.sha1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.dir.path + "/one").count == 1)

        // Another compiled package is another export.
        try await fixture.compile(["app", "lib"], version: "2.0")
        let other = try await fixture.exporter().export(
            try fixture.request(into: fixture.dir.path + "/four", stemcellVersion: "2.0"))
        #expect(other.sha1 != first.sha1)
    }

    @Test func aPackageNeverCompiledForTheStemcellIsRefusedAndNothingIsWritten() async throws {
        let fixture = try await ExportFixture()
        let out = fixture.dir.path + "/out"
        let app = "app/\(fixture.fingerprint("app"))"
        let lib = "lib/\(fixture.fingerprint("lib"))"

        await #expect(
            throws: CompiledReleaseExportError.notCompiled(
                release: "app-release/1.0", stemcell: "ubuntu-jammy/1.0", packages: [app, lib])
        ) { try await fixture.exporter().export(try fixture.request(into: out)) }

        try await fixture.compile(["lib"])
        // Compiled for another stemcell version does not count.
        try await fixture.compile(["app"], version: "1.1")
        do {
            _ = try await fixture.exporter().export(try fixture.request(into: out))
            Issue.record("the export succeeded without package 'app'")
        } catch let error as CompiledReleaseExportError {
            #expect(
                error
                    == .notCompiled(release: "app-release/1.0", stemcell: "ubuntu-jammy/1.0", packages: [app]))
            let text = error.description
            #expect(text.contains("Cannot export release 'app-release/1.0' for stemcell 'ubuntu-jammy/1.0'"), "\(text)")
            #expect(text.contains("never compiled for 'ubuntu-jammy/1.0' on this machine: \(app)."), "\(text)")
            #expect(text.contains("Deploy a manifest that uses release 'app-release/1.0'"), "\(text)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty)
        #expect((try? FileManager.default.contentsOfDirectory(atPath: fixture.home + "/tmp")) ?? [] == [])
    }

    @Test func anUnknownReleaseListsTheKnownOnes() async throws {
        let fixture = try await ExportFixture()
        await #expect(throws: CompiledReleaseExportError.unknownRelease("app-release/2.0", known: ["app-release/1.0"]))
        {
            try await fixture.exporter().export(try fixture.request(into: fixture.dir.path + "/out", version: "2.0"))
        }
        let empty = CompiledReleaseExporter(
            records: ReleaseRecordStore(root: fixture.home + "/none"), cache: fixture.cache,
            workDirectory: fixture.home + "/tmp")
        do {
            _ = try await empty.export(try fixture.request(into: fixture.dir.path + "/out"))
            Issue.record("an export without any record succeeded")
        } catch {
            #expect("\(error)".contains("No deploy from this DEPLOYER_HOME has recorded a release yet"), "\(error)")
        }
    }

    @Test func jobsCanBeChosenAndAnUnknownOneIsRefused() async throws {
        let fixture = try await ExportFixture()
        try await fixture.compile(["app", "lib"])
        let out = fixture.dir.path + "/out"
        await #expect(throws: CompiledReleaseExportError.unknownJob("nope", release: "app-release/1.0", jobs: ["web"]))
        {
            try await fixture.exporter().export(try fixture.request(into: out, jobs: ["web", "nope"]))
        }
        let chosen = try await fixture.exporter().export(try fixture.request(into: out, jobs: ["web"]))
        #expect(chosen.tarball == out + "/web-app-release-1.0-ubuntu-jammy-1.0.tgz")
        #expect(chosen.manifest.compiledPackages.map(\.name) == ["app", "lib"])
    }

    @Test func aDamagedCachedPackageIsRefused() async throws {
        let fixture = try await ExportFixture()
        let cached = try await fixture.compile(["app", "lib"])
        try Data("not what was stored".utf8).write(to: URL(fileURLWithPath: try #require(cached["lib"])))
        let out = fixture.dir.path + "/out"
        do {
            _ = try await fixture.exporter().export(try fixture.request(into: out))
            Issue.record("a damaged package was exported")
        } catch let error as CompiledReleaseExportError {
            guard case .damagedPackage(let name, _, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(name == "lib")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty)
    }

    @Test func aDamagedRecordedJobIsRefused() async throws {
        let fixture = try await ExportFixture()
        try await fixture.compile(["app", "lib"])
        let record = try #require(try fixture.records.record(name: "app-release", version: "1.0"))
        try Data("tampered".utf8).write(to: URL(fileURLWithPath: record.jobTarball("web")))
        let out = fixture.dir.path + "/out"
        await #expect(throws: ReleaseError.self) {
            try await fixture.exporter().export(try fixture.request(into: out))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty)
    }

    @Test func bothStemcellPartsMustBeOneNameEach() async throws {
        let fixture = try await ExportFixture()
        try await fixture.compile(["app", "lib"])
        var request = try fixture.request(into: fixture.dir.path + "/out")
        request.operatingSystem = ".."
        await #expect(throws: ReleaseError.self) { try await fixture.exporter().export(request) }
    }
}

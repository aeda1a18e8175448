import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import ReleaseCompiler

@Suite(.serialized) struct ReleaseReaderTests {
    /// A release tarball made by hand: release.MF lists `digest` for the job tarball.
    func handMadeRelease(_ dir: TemporaryDirectory, jobDigest: (String) throws -> String) throws -> String {
        let stage = dir.path + "/stage"
        let jobSHA = try SampleReleases.tarball(
            stage + "/jobs/cpi.tgz", files: ["job.MF": "name: cpi\ntemplates: {}\n", "monit": ""])
        let packageSHA = try SampleReleases.tarball(stage + "/packages/p.tgz", files: ["packaging": "true\n"])
        let pkgSha1 = try Digest.compute(ofFile: stage + "/packages/p.tgz", algorithm: .sha1).hex
        #expect(packageSHA.hasPrefix("sha256:"))
        try dir.write(
            "stage/release.MF",
            """
            name: handmade
            version: '3'
            commit_hash: abc
            uncommitted_changes: false
            jobs:
            - {name: cpi, version: j1, fingerprint: j1, sha1: "\(try jobDigest(jobSHA))", packages: [p]}
            packages:
            - {name: p, version: p1, fingerprint: p1, sha1: \(pkgSha1), dependencies: []}
            """)
        let tarball = dir.path + "/handmade.tgz"
        try LibArchiveWriter().writeTarball(
            from: stage, to: tarball, options: ArchiveWriteOptions(dotSlashPrefix: false))
        return tarball
    }

    @Test func readsHandMadeReleaseWithSha1AndSha256Digests() async throws {
        let dir = try TemporaryDirectory()
        let tarball = try handMadeRelease(dir) { $0 }
        let release = try await ReleaseReader().read(tarball: tarball, into: dir.path + "/x")
        #expect(release.name == "handmade")
        #expect(release.version == "3")
        #expect(release.jobs.map(\.name) == ["cpi"])
        #expect(release.packages.map(\.name) == ["p"])
        #expect(try ReleaseReader().readManifest(tarball: tarball).name == "handmade")
    }

    @Test func digestMismatchNamesReleaseMemberAndDigests() async throws {
        let dir = try TemporaryDirectory()
        let wrong = "sha256:" + String(repeating: "0", count: 64)
        var actual = ""
        let tarball = try handMadeRelease(dir) { real in
            actual = real
            return wrong
        }
        await #expect(
            throws: ReleaseError.digestMismatch(
                release: "handmade/3", member: "jobs/cpi.tgz", expected: wrong, actual: actual)
        ) {
            try await ReleaseReader().read(tarball: tarball, into: dir.path + "/x")
        }
        let message = ReleaseError.digestMismatch(
            release: "handmade/3", member: "jobs/cpi.tgz", expected: wrong, actual: actual
        ).description
        #expect(
            message.contains("Release 'handmade/3'") && message.contains("jobs/cpi.tgz") && message.contains(wrong)
                && message.contains(actual))
    }

    @Test func memberMissingFromTarballIsAnError() async throws {
        let dir = try TemporaryDirectory()
        let tarball = try handMadeRelease(dir) { $0 }
        // Rebuild without the package tarball.
        try FileManager.default.removeItem(atPath: dir.path + "/stage/packages/p.tgz")
        try LibArchiveWriter().writeTarball(from: dir.path + "/stage", to: tarball, options: ArchiveWriteOptions())
        let error = await #expect(
            throws: ReleaseError.missingMember(release: "handmade/3", member: "packages/p.tgz", tarball: tarball)
        ) {
            try await ReleaseReader().read(tarball: tarball, into: dir.path + "/x")
        }
        #expect(error?.description.contains("tarball '\(tarball)' is truncated or corrupt") == true)
    }

    @Test(arguments: [0.3, 0.6, 0.9])
    func truncatedTarballIsNamedAsTruncated(fraction: Double) async throws {
        let dir = try TemporaryDirectory()
        let tarball = try handMadeRelease(dir) { $0 }
        let full = try Data(contentsOf: URL(fileURLWithPath: tarball))
        try full.prefix(Int(Double(full.count) * fraction)).write(to: URL(fileURLWithPath: tarball))
        let error = await #expect(throws: (any Error).self) {
            try await ReleaseReader().read(tarball: tarball, into: dir.path + "/x")
        }
        let text = error.map { String(describing: $0) } ?? ""
        #expect(text.contains(tarball), "\(text)")
        #expect(text.contains("truncated"), "\(text)")
        #expect(!text.contains("missing from the tarball"), "\(text)")
    }

    @Test func readsLightAndHeavyStemcells() async throws {
        let dir = try TemporaryDirectory()
        let manifest = """
            name: bosh-local-ubuntu-jammy
            version: '1.5'
            operating_system: ubuntu-jammy
            sha1: \(try SampleReleases.sha1Hex(""))
            api_version: 2
            stemcell_formats: [local-tar]
            cloud_properties: {image_id: ami-1}
            """
        let light = try SampleReleases.tarball(dir.path + "/light.tgz", files: ["stemcell.MF": manifest, "image": ""])
        #expect(!light.isEmpty)
        let reader = StemcellReader()
        #expect(try reader.readManifest(tarball: dir.path + "/light.tgz").version == "1.5")
        let extracted = try await reader.extract(
            tarball: dir.path + "/light.tgz", into: dir.path + "/l", verifyImage: true)
        #expect(extracted.isLight)
        #expect(extracted.manifest.apiVersion == 2)
        #expect(extracted.manifest.cloudProperties == .object(["image_id": .string("ami-1")]))
        #expect(extracted.imagePath == dir.path + "/l/image")

        try SampleReleases.tarball(dir.path + "/heavy.tgz", files: ["stemcell.MF": manifest, "image": "not empty"])
        let heavy = try await reader.extract(tarball: dir.path + "/heavy.tgz", into: dir.path + "/h")
        #expect(!heavy.isLight)
        await #expect {
            try await reader.extract(tarball: dir.path + "/heavy.tgz", into: dir.path + "/h2", verifyImage: true)
        } throws: { error in
            guard case .digestMismatch(_, let member, _, _) = error as? ReleaseError else { return false }
            return member == "image"
        }
    }
}

@Suite(.serialized) struct CompiledReleaseReaderTests {
    @Test func readsAnUncompressedCompiledRelease() async throws {
        let dir = try TemporaryDirectory()
        let stage = dir.path + "/stage"
        let job = try SampleReleases.tarball(
            stage + "/jobs/web.tgz", files: ["job.MF": "name: web\npackages: [ruby]\n", "monit": ""])
        let ruby = try SampleReleases.tarball(stage + "/compiled_packages/ruby.tgz", files: ["bin/ruby": "#!/bin/sh\n"])
        try dir.write(
            "stage/release.MF",
            """
            name: compiled
            version: 280.0.0
            commit_hash: 1a2b3c4
            uncommitted_changes: false
            jobs:
            - {name: web, version: j, fingerprint: j, sha1: "\(job)", packages: [ruby]}
            compiled_packages:
            - {name: ruby, version: r, fingerprint: r, sha1: "\(ruby)", stemcell: ubuntu-jammy/1.506, dependencies: []}
            no_compression: true
            """)
        let tarball = dir.path + "/compiled.tar"
        try LibArchiveWriter().writeTarball(
            from: stage, to: tarball, options: ArchiveWriteOptions(gzip: false, dotSlashPrefix: false))
        let release = try await ReleaseReader().read(tarball: tarball, into: dir.path + "/x")
        #expect(release.manifest.noCompression)
        let package = try #require(release.package(named: "ruby"))
        #expect(package.isCompiled)
        #expect(package.stemcell == "ubuntu-jammy/1.506")
        #expect(try release.packages(forJobs: ["web"]) == ["ruby"])
    }

    @Test func aPackageShippedBothWaysIsReadAsSourceWithItsCompiledVariantAside() async throws {
        let dir = try TemporaryDirectory()
        let stage = dir.path + "/stage"
        let job = try SampleReleases.tarball(
            stage + "/jobs/web.tgz", files: ["job.MF": "name: web\npackages: [ruby]\n"])
        let source = try SampleReleases.tarball(stage + "/packages/ruby.tgz", files: ["packaging": "make\n"])
        let compiled = try SampleReleases.tarball(
            stage + "/compiled_packages/ruby.tgz", files: ["bin/ruby": "#!/bin/sh\n"])
        try dir.write(
            "stage/release.MF",
            """
            name: both
            version: "1"
            jobs:
            - {name: web, version: j, fingerprint: j, sha1: "\(job)", packages: [ruby]}
            packages:
            - {name: ruby, version: r, fingerprint: r, sha1: "\(source)", dependencies: []}
            compiled_packages:
            - {name: ruby, version: r, fingerprint: r, sha1: "\(compiled)", stemcell: ubuntu-jammy/1.506, dependencies: []}
            """)
        let tarball = dir.path + "/both.tgz"
        try LibArchiveWriter().writeTarball(
            from: stage, to: tarball, options: ArchiveWriteOptions(dotSlashPrefix: false))
        for release in [
            try await ReleaseReader().read(tarball: tarball, into: dir.path + "/full"),
            try await ReleaseReader().readJobs(["web"], tarball: tarball, into: dir.path + "/lazy"),
        ] {
            #expect(release.packages.map(\.isCompiled) == [false])
            #expect(release.compiledAlternatives.map(\.stemcell) == ["ubuntu-jammy/1.506"])
            #expect(release.usingCompiled([]).packages.map(\.isCompiled) == [false])
            let chosen = try #require(release.usingCompiled(["ruby"]).package(named: "ruby"))
            #expect(chosen.isCompiled)
            #expect(chosen.sha1 == compiled)
        }
    }
}

@Suite struct ReleaseReaderJobsOnlyTests {
    @Test func jobsAreReadAndPackagesExtractedOnlyWhenAskedAndVerified() async throws {
        let dir = try TemporaryDirectory()
        let root = try SampleReleases.writeAppRelease(in: dir)
        let built = try await ReleaseBuilder().createRelease(directory: root, tarball: dir.path + "/app.tgz")
        let release = try await ReleaseReader().readJobs(["web"], tarball: built.tarball, into: dir.path + "/r")
        #expect(release.jobs.map(\.name) == ["web"])
        let app = try #require(release.package(named: "app"))
        #expect(!FileManager.default.fileExists(atPath: app.tarball))
        try await ReleaseReader().extractPending(app)
        #expect(FileManager.default.fileExists(atPath: app.tarball))
        await #expect(throws: ReleaseError.jobNotFound(release: "app-release", job: "nope")) {
            try await ReleaseReader().readJobs(["nope"], tarball: built.tarball, into: dir.path + "/r2")
        }

        // A member whose digest differs from release.MF is refused and not left behind.
        var wrong = try #require(release.package(named: "lib"))
        wrong.sha1 = String(repeating: "0", count: 40)
        await #expect {
            try await ReleaseReader().extractPending(wrong)
        } throws: { error in
            guard case .digestMismatch(_, let member, _, _) = error as? ReleaseError else { return false }
            return member == "packages/lib.tgz"
        }
        #expect(!FileManager.default.fileExists(atPath: wrong.tarball))
    }
}

import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import ReleaseCompiler

@Suite(.serialized) struct ReleaseBuilderTests {
    @Test func buildsAReleaseThatReadsBack() async throws {
        let dir = try TemporaryDirectory()
        let root = try SampleReleases.writeAppRelease(in: dir)
        let out = dir.path + "/out/app-release.tgz"
        let built = try await ReleaseBuilder().createRelease(directory: root, version: "1.2", tarball: out)

        #expect(built.manifest.name == "app-release")
        #expect(built.manifest.version == "1.2")
        #expect(built.manifest.commitHash == "non-git")
        #expect(built.manifest.jobs.map(\.name) == ["web"])
        #expect(built.manifest.jobs.first?.dependencies == ["app"])
        #expect(built.manifest.packages.map(\.name) == ["app", "lib"])
        #expect(built.manifest.packages.first?.dependencies == ["lib"])
        #expect(built.manifest.license != nil)
        #expect(built.sha1.hasPrefix("sha256:"))
        #expect(try ArchiveDigests.sha256(ofFile: out) == built.sha1)

        // The job fingerprint is the v2 fingerprint of spec-as-job.MF + monit + templates.
        let job = try #require(built.manifest.jobs.first)
        let expectedJob = try Fingerprinter.fingerprint(
            files: [
                .init(path: root + "/jobs/web/spec", relativePath: "job.MF"),
                .init(path: root + "/jobs/web/monit", relativePath: "monit"),
                .init(path: root + "/jobs/web/templates/ctl.erb", relativePath: "templates/ctl.erb"),
            ], followSymlinks: true)
        #expect(job.fingerprint == expectedJob)
        #expect(job.version == job.fingerprint)
        // The app package: packaging + the src file selected by the glob (skip.sh excluded) + deps.
        let app = try #require(built.manifest.packages.first)
        let expectedApp = try Fingerprinter.fingerprint(
            files: [
                .init(path: root + "/packages/app/packaging", relativePath: "packaging", excludeMode: true),
                .init(path: root + "/src/app/run.sh", relativePath: "app/run.sh"),
            ], additionalChunks: ["lib"], followSymlinks: false)
        #expect(app.fingerprint == expectedApp)

        // Top-level members without "./", nested ones with it; modes normalised.
        var members: [String: ArchiveEntry] = [:]
        var order: [String] = []
        try LibArchiveReader().forEachEntry(in: out) { entry, _ in
            members[entry.path] = entry
            order.append(entry.path)
        }
        #expect(members["release.MF"] != nil)
        // release.MF leads, so reading it does not decompress the packages; the rest is sorted.
        #expect(order.first == "release.MF", "\(order)")
        #expect(Array(order.dropFirst()) == order.dropFirst().sorted(), "\(order)")
        #expect(members["jobs/web.tgz"] != nil)
        #expect(members["packages/app.tgz"] != nil)
        #expect(members["license.tgz"] != nil)
        #expect(members["LICENSE"] != nil)
        var appMembers: [String: ArchiveEntry] = [:]
        let extracted = try TemporaryDirectory()
        try LibArchiveReader().extract(tarball: out, to: extracted.path)
        try LibArchiveReader().forEachEntry(in: extracted.path + "/packages/app.tgz") { entry, _ in
            appMembers[entry.normalizedPath] = entry
        }
        #expect(Set(appMembers.keys).isSuperset(of: ["packaging", "app/run.sh"]))
        #expect(appMembers["app/skip.sh"] == nil)
        #expect(appMembers["app/run.sh"].map { $0.permissions & 0o777 } == 0o755)

        // Reading it back verifies every member and extracts the job.
        let release = try await ReleaseReader().read(tarball: out, into: dir.path + "/read")
        #expect(release.manifest == built.manifest)
        let web = try release.job(named: "web")
        #expect(web.manifest.templates == [.init(source: "ctl.erb", destination: "bin/ctl")])
        #expect(FileManager.default.fileExists(atPath: web.directory + "/templates/ctl.erb"))
        #expect(try release.packages(forJobs: ["web"]) == ["app", "lib"])
        let lib = try #require(release.package(named: "lib"))
        #expect(!lib.isCompiled)

        // Same inputs, same fingerprints (content addressed, not time addressed).
        let again = try await ReleaseBuilder().createRelease(
            directory: root, version: "1.2", tarball: dir.path + "/again.tgz")
        #expect(again.manifest.jobs.map(\.fingerprint) == built.manifest.jobs.map(\.fingerprint))
        #expect(again.manifest.packages.map(\.fingerprint) == built.manifest.packages.map(\.fingerprint))
    }

    @Test func globWithoutMatchesIsAnError() async throws {
        let dir = try TemporaryDirectory()
        let root = try SampleReleases.writeAppRelease(in: dir)
        try dir.write("app-release/packages/lib/spec", "---\nname: lib\nfiles:\n- nothing/**/*\n")
        await #expect {
            try await ReleaseBuilder().createRelease(directory: root, tarball: dir.path + "/x.tgz")
        } throws: { error in
            "\(error)".contains("package 'lib': Missing files for pattern 'nothing/**/*'")
        }
    }

    @Test func blobWithWrongDigestOrMissingIsAnError() async throws {
        let dir = try TemporaryDirectory()
        let root = try SampleReleases.writeAppRelease(in: dir)
        try dir.write("app-release/blobs/lib/data.bin", "BLOB\n")
        await #expect {
            try await ReleaseBuilder().createRelease(directory: root, tarball: dir.path + "/x.tgz")
        } throws: { error in
            "\(error)".contains("blob 'lib/data.bin' digest mismatch")
        }
        try FileManager.default.removeItem(atPath: root + "/blobs/lib/data.bin")
        await #expect {
            try await ReleaseBuilder().createRelease(directory: root, tarball: dir.path + "/x.tgz")
        } throws: { error in
            "\(error)".contains("blob 'lib/data.bin' from config/blobs.yml is not in blobs/")
        }
    }

    @Test func jobDirectoryMustMatchSpecNameAndPackagesMustExist() async throws {
        let dir = try TemporaryDirectory()
        let root = try SampleReleases.writeAppRelease(in: dir)
        try dir.write("app-release/jobs/web/spec", "---\nname: web\ntemplates: {}\npackages: [nope]\n")
        await #expect(throws: ReleaseError.missingDependency(package: "web", dependency: "nope", dependentKind: "job"))
        {
            try await ReleaseBuilder().createRelease(directory: root, tarball: dir.path + "/x.tgz")
        }
        try dir.write("app-release/jobs/web/spec", "---\nname: other\n")
        await #expect {
            try await ReleaseBuilder().createRelease(directory: root, tarball: dir.path + "/x.tgz")
        } throws: { error in
            "\(error)".contains("Job directory 'web' does not match job name 'other' in spec")
        }
    }
}

@Suite(.serialized) struct ReleaseBuilderMetadataTests {
    func git(_ dir: String, _ arguments: [String]) async throws {
        let result = try await ProcessRunner().run(
            .init(
                executable: "git", arguments: ["-c", "user.email=t@example.com", "-c", "user.name=t"] + arguments,
                workingDirectory: dir, timeout: .seconds(30)))
        #expect(result.exitStatus.isSuccess, "git \(arguments): \(result.standardErrorText)")
    }

    @Test func recordsGitCommitAndDirtiness() async throws {
        let dir = try TemporaryDirectory()
        let root = try SampleReleases.writeAppRelease(in: dir)
        try await git(root, ["init", "-q"])
        let empty = try await ReleaseBuilder().createRelease(directory: root, tarball: dir.path + "/0.tgz")
        #expect(empty.manifest.commitHash == "empty")
        try await git(root, ["add", "-A"])
        try await git(root, ["commit", "-q", "-m", "init"])
        let clean = try await ReleaseBuilder().createRelease(directory: root, tarball: dir.path + "/1.tgz")
        #expect(clean.manifest.commitHash.count >= 7)
        #expect(clean.manifest.commitHash.allSatisfy { $0.isHexDigit })
        #expect(!clean.manifest.uncommittedChanges)
        try dir.write("app-release/src/lib/code.txt", "changed\n")
        let dirty = try await ReleaseBuilder().createRelease(directory: root, tarball: dir.path + "/2.tgz")
        #expect(dirty.manifest.uncommittedChanges)
        #expect(
            dirty.manifest.packages.first { $0.name == "lib" }?.fingerprint
                != clean.manifest.packages.first { $0.name == "lib" }?.fingerprint)
        #expect(dirty.manifest.jobs.map(\.fingerprint) == clean.manifest.jobs.map(\.fingerprint))
    }

    @Test func nameComesFromFlagOrFinalYml() async throws {
        let dir = try TemporaryDirectory()
        let root = try SampleReleases.writeAppRelease(in: dir)
        let named = try await ReleaseBuilder().createRelease(
            directory: root, name: "other", tarball: dir.path + "/a.tgz")
        #expect(named.manifest.name == "other")
        #expect(named.manifest.version == "0+dev.1")
        try FileManager.default.removeItem(atPath: root + "/config/final.yml")
        await #expect {
            try await ReleaseBuilder().createRelease(directory: root, tarball: dir.path + "/b.tgz")
        } throws: { error in
            "\(error)".contains("no release name")
        }
    }
}

@Suite(.serialized) struct ReleaseBuilderSymlinkTests {
    @Test func jobsFollowSymlinksAndPackagesKeepThem() async throws {
        let dir = try TemporaryDirectory()
        let root = try SampleReleases.writeAppRelease(in: dir)
        try dir.write("app-release/shared/ctl.erb", "shared template\n")
        try FileManager.default.removeItem(atPath: root + "/jobs/web/templates/ctl.erb")
        try FileManager.default.createSymbolicLink(
            atPath: root + "/jobs/web/templates/ctl.erb", withDestinationPath: "../../../shared/ctl.erb")
        try FileManager.default.createSymbolicLink(atPath: root + "/src/lib/alias.txt", withDestinationPath: "code.txt")
        let built = try await ReleaseBuilder().createRelease(directory: root, tarball: dir.path + "/r.tgz")
        let out = try TemporaryDirectory()
        try LibArchiveReader().extract(tarball: built.tarball, to: out.path)
        let jobData = try LibArchiveReader().readMember(
            named: "templates/ctl.erb", in: out.path + "/jobs/web.tgz", limit: 1024)
        #expect(String(decoding: jobData, as: UTF8.self) == "shared template\n")
        var link: ArchiveEntry?
        try LibArchiveReader().forEachEntry(in: out.path + "/packages/lib.tgz") { entry, _ in
            if entry.normalizedPath == "lib/alias.txt" { link = entry }
        }
        #expect(link?.kind == .symlink)
        #expect(link?.linkTarget == "code.txt")
    }

    @Test func unknownPackageNameIsReported() async throws {
        let dir = try TemporaryDirectory()
        let compiler = PackageCompiler(store: PackageStore(root: dir.path + "/c"), workDirectory: dir.path + "/w")
        #expect(throws: ReleaseError.packageNotFound(package: "ghost")) {
            try compiler.plan(["ghost"], from: [])
        }
    }
}

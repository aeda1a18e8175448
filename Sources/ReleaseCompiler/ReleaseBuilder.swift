import DeployerSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `deployer create-release DIR [--name N] [--version V] --tarball OUT`: builds a release
/// tarball from a release directory with bosh-cli's fingerprints, `job.MF`/package layouts
/// and `release.MF` (upstream release/archive_writer.go, release/resource/archive.go).
public struct ReleaseBuilder: Sendable {
    private let writer: any ArchiveWriter

    /// Creates a value from its parts.
    public init(writer: any ArchiveWriter = LibArchiveWriter()) {
        self.writer = writer
    }

    /// Builds the release.
    ///
    /// - Parameters:
    ///   - directory: the release directory (`jobs/`, `packages/`, `src/`, `blobs/`, `config/`).
    ///   - name: release name; defaults to `config/final.yml` `name`.
    ///   - version: release version; defaults to `0+dev.1`.
    ///   - tarball: where to write the release `.tgz` (parent directories are created).
    /// - Returns: the manifest written and the tarball's digest.
    /// - Throws: `ReleaseError.invalidReleaseDirectory` (bad spec, missing files for a glob,
    ///   missing local blob, no name), `.missingFile`, archive errors.
    public func createRelease(
        directory: String, name: String? = nil, version: String? = nil, tarball: String
    ) async throws -> BuiltRelease {
        let root = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        let reader = ReleaseDirectoryReader(root: root)
        guard FileKind(of: root) == .directory else {
            throw ReleaseError.invalidReleaseDirectory(path: root, reason: "not a directory")
        }
        try reader.verifyBlobs()
        guard let releaseName = name ?? reader.finalName(), !releaseName.isEmpty else {
            throw ReleaseError.invalidReleaseDirectory(
                path: root, reason: "no release name: pass --name or set 'name' in config/final.yml")
        }
        let jobs = try reader.jobNames().map { try reader.readJob(directory: $0) }
        let packages = try reader.packageNames().map { try reader.readPackage(directory: $0) }
        let license = try reader.readLicense()
        let packageNames = Set(packages.map(\.name))
        _ = try PackageGraph(
            dependencies: Dictionary(packages.map { ($0.name, $0.dependencies) }, uniquingKeysWith: { a, _ in a }))
        for job in jobs {
            for package in job.dependencies where !packageNames.contains(package) {
                throw ReleaseError.missingDependency(package: job.name, dependency: package, dependentKind: "job")
            }
        }
        let (commitHash, dirty) = await Self.gitInfo(root)

        let staging = try FileTree.makeTemporaryDirectory(prefix: "create-release")
        defer { try? FileTree.remove(staging) }
        let releaseDir = staging + "/release"
        var jobEntries: [ReleaseManifest.Entry] = []
        for job in jobs {
            let sha = try await stageAndArchive(
                job, to: releaseDir + "/jobs/\(job.name).tgz", staging: staging, releaseRoot: root)
            jobEntries.append(
                .init(
                    name: job.name, version: job.fingerprint, fingerprint: job.fingerprint, sha1: sha,
                    dependencies: job.dependencies))
        }
        var packageEntries: [ReleaseManifest.Entry] = []
        for package in packages {
            let sha = try await stageAndArchive(
                package, to: releaseDir + "/packages/\(package.name).tgz", staging: staging, releaseRoot: root)
            packageEntries.append(
                .init(
                    name: package.name, version: package.fingerprint, fingerprint: package.fingerprint, sha1: sha,
                    dependencies: package.dependencies))
        }
        var licenseEntry: ReleaseManifest.Entry?
        if let license {
            let sha = try await stageAndArchive(
                license, to: releaseDir + "/license.tgz", staging: staging, releaseRoot: root)
            licenseEntry = .init(
                name: "license", version: license.fingerprint, fingerprint: license.fingerprint, sha1: sha)
            // bosh-cli also puts loose copies of the license files at the top of the tarball.
            for file in license.files {
                try FileTree.copyNormalizingMode(from: file.path, to: releaseDir + "/" + file.relativePath)
            }
        }
        let manifest = ReleaseManifest(
            name: releaseName, version: version ?? "0+dev.1", commitHash: commitHash, uncommittedChanges: dirty,
            jobs: jobEntries, packages: packageEntries, license: licenseEntry)
        try FileTree.write(manifest.yaml(), to: releaseDir + "/release.MF")
        try FileTree.createDirectory((tarball as NSString).deletingLastPathComponent)
        let writer = self.writer
        let digests = try await runOnDedicatedThread {
            // Top-level names without `./`, as bosh-cli writes them. `release.MF` goes first:
            // every deploy reads it, and then stops there instead of decompressing the packages.
            try writer.writeTarball(
                from: releaseDir, to: tarball,
                options: ArchiveWriteOptions(
                    dotSlashPrefix: false, digestAlgorithms: [.sha256], leadingEntries: ["release.MF"]))
        }
        let sha = try digests.digest(for: .sha256)?.description ?? ArchiveDigests.sha256(ofFile: tarball)
        return BuiltRelease(manifest: manifest, tarball: tarball, sha1: sha)
    }

    /// Copies a job's or package's files into a fresh staging directory at their archive paths
    /// (modes normalised to 0755/0644), runs `pre_packaging`, and archives it.
    private func stageAndArchive(
        _ resource: ReleaseDirectoryReader.Resource, to tarball: String, staging: String, releaseRoot: String
    ) async throws -> String {
        let dir = try FileTree.makeTemporaryDirectory(prefix: resource.name, under: staging + "/resources")
        for file in resource.files {
            let destination = dir + "/" + file.relativePath
            if !resource.followSymlinks, FileKind(of: file.path) == .symlink {
                try FileTree.createDirectory((destination as NSString).deletingLastPathComponent)
                do {
                    let target = try FileManager.default.destinationOfSymbolicLink(atPath: file.path)
                    try FileManager.default.createSymbolicLink(atPath: destination, withDestinationPath: target)
                } catch {
                    throw ReleaseError.io(operation: "Copying symlink", path: file.path, reason: "\(error)")
                }
            } else {
                // Jobs follow symlinks: the archive gets the target's content (the mode still
                // comes from the link, as in bosh-cli).
                let source =
                    FileKind(of: file.path) == .symlink
                    ? URL(fileURLWithPath: file.path).resolvingSymlinksInPath().path : file.path
                try FileTree.copyNormalizingMode(from: source, to: destination, modeFrom: file.path)
            }
        }
        if let pre = resource.prePackaging {
            let log = staging + "/\(resource.name)-pre_packaging.log"
            let result = try await ProcessRunner().run(
                .init(
                    executable: "bash", arguments: ["-x", pre.relativePath],
                    environment: .inherit(overrides: ["BUILD_DIR": dir, "RELEASE_DIR": releaseRoot]),
                    workingDirectory: dir),
                appendingOutputTo: log)
            guard result.exitStatus.isSuccess else {
                throw ReleaseError.compilationFailed(
                    package: "\(resource.name) (pre_packaging)", exitStatus: "\(result.exitStatus)", logPath: log,
                    logTail: ProcessRunner.lastLines(20, ofFile: log).joined(separator: "\n"))
            }
            try? FileTree.remove(dir + "/" + pre.relativePath)
        }
        try FileTree.createDirectory((tarball as NSString).deletingLastPathComponent)
        let writer = self.writer
        let digests = try await runOnDedicatedThread {
            try writer.writeTarball(from: dir, to: tarball, options: ArchiveWriteOptions(digestAlgorithms: [.sha256]))
        }
        try? FileTree.remove(dir)
        return try digests.digest(for: .sha256)?.description ?? ArchiveDigests.sha256(ofFile: tarball)
    }

    /// `git rev-parse --short HEAD` and whether `git status --porcelain=1` shows changes;
    /// `non-git` outside a repository, `empty` in one without commits (as bosh-cli).
    static func gitInfo(_ directory: String) async -> (String, Bool) {
        let runner = ProcessRunner()
        guard
            let head = try? await runner.run(
                .init(
                    executable: "git", arguments: ["rev-parse", "--short", "HEAD"], workingDirectory: directory,
                    timeout: .seconds(30)))
        else { return ("non-git", false) }
        if !head.exitStatus.isSuccess {
            let inside = try? await runner.run(
                .init(
                    executable: "git", arguments: ["rev-parse", "--git-dir"], workingDirectory: directory,
                    timeout: .seconds(30)))
            return (inside?.exitStatus.isSuccess == true ? "empty" : "non-git", false)
        }
        let status = try? await runner.run(
            .init(
                executable: "git", arguments: ["status", "--porcelain=1"], workingDirectory: directory,
                timeout: .seconds(30)))
        let dirty = !(status?.standardOutputText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true)
        return (head.standardOutputText.trimmingCharacters(in: .whitespacesAndNewlines), dirty)
    }
}

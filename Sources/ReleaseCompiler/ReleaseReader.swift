import DeployerSupport
import Foundation

/// Extracts a release tarball, verifies every member against `release.MF`, and extracts each
/// job (spec release.md §1; bosh-cli release/archive_reader.go).
///
/// bosh-cli does not verify member digests during create-env; we do, because a corrupt
/// package would otherwise surface much later as a confusing compile or agent error.
public struct ReleaseReader: Sendable {
    private let archives: any ArchiveReader

    /// - Parameter archives: the tarball reader (libarchive by default).
    public init(archives: any ArchiveReader = LibArchiveReader()) {
        self.archives = archives
    }

    /// Extracts `tarball` into `directory` (created) and reads it.
    ///
    /// - Parameters:
    ///   - tarball: the release `.tgz` (or plain tar).
    ///   - directory: an empty or missing directory to extract into.
    /// - Returns: the manifest, jobs (each extracted under `directory/.jobs/<name>`) and packages.
    /// - Throws: `ReleaseError.digestMismatch` naming the release, member, expected and actual
    ///   digest; `.missingMember`; `.invalidManifest`; `ArchiveError` for unreadable tarballs.
    public func read(tarball: String, into directory: String) async throws -> ExtractedRelease {
        let archives = self.archives
        return try await runOnDedicatedThread {
            try Self.readBlocking(tarball: tarball, into: directory, archives: archives)
        }
    }

    /// Reads only `release.MF` from a tarball (no extraction).
    ///
    /// - Throws: `ArchiveError` when the member is missing, `ReleaseError.invalidManifest`.
    public func readManifest(tarball: String) throws -> ReleaseManifest {
        let data = try archives.readMember(named: "release.MF", in: tarball, limit: 16 << 20)
        return try ReleaseManifest.parse(String(decoding: data, as: UTF8.self), path: "\(tarball):release.MF")
    }

    /// Reads one job's `job.MF` from a release tarball without extracting the rest: the job
    /// member is checked against its `release.MF` digest first. bosh-cli writes jobs before
    /// packages, so this stops long before a large package.
    ///
    /// - Throws: `ReleaseError.jobNotFound`, `.missingMember`, `.digestMismatch`,
    ///   `.invalidManifest`; `ArchiveError` for an unreadable tarball.
    public func readJobManifest(
        tarball: String, job name: String, release manifest: ReleaseManifest
    ) throws -> JobManifest {
        guard let entry = manifest.jobs.first(where: { $0.name == name }) else {
            throw ReleaseError.jobNotFound(release: manifest.name, job: name)
        }
        guard SafeRelativePath.isSafeComponent(name) else {
            throw ReleaseError.unsafePath(owner: "release '\(manifest.name)' job", path: name)
        }
        // Read in memory: validating must not need disk space (a full disk is reported where
        // it matters, when the state is saved).
        let member = "jobs/\(name).tgz"
        let jobTarball: Data
        do {
            jobTarball = try archives.readMember(named: member, in: tarball, limit: 64 << 20)
        } catch let error as ArchiveError where error.reason == .memberNotFound {
            throw ReleaseError.missingMember(
                release: "\(manifest.name)/\(manifest.version)", member: member, tarball: tarball)
        }
        let expected = try MultiDigest(parsing: entry.sha1).strongest
        let actual = try Digest.compute(of: jobTarball, algorithm: expected.algorithm)
        guard actual.hex == expected.hex else {
            throw ReleaseError.digestMismatch(
                release: "\(manifest.name)/\(manifest.version)", member: member, expected: expected.description,
                actual: actual.description)
        }
        let data = try archives.readMember(
            named: "job.MF", inArchive: jobTarball, label: "\(tarball):\(member)", limit: 4 << 20)
        return try JobManifest.parse(String(decoding: data, as: UTF8.self), path: "\(tarball):\(member):job.MF")
    }

    /// Reads `release.MF` and extracts only the named jobs (under `directory/.jobs/<name>`),
    /// each checked against its digest; packages are listed with `pendingExtraction` set and
    /// extracted by `extractPending(_:)` when one must be compiled. bosh-cli writes jobs before
    /// packages, so a warm CPI install reads the start of the tarball only.
    ///
    /// - Throws: as `read(tarball:into:)`, and `ReleaseError.jobNotFound`.
    public func readJobs(_ names: [String], tarball: String, into directory: String) async throws -> ExtractedRelease {
        let archives = self.archives
        return try await runOnDedicatedThread {
            try FileTree.createDirectory(directory)
            let manifest = try Self.readManifest(tarball: tarball, archives: archives)
            let label = "\(manifest.name)/\(manifest.version)"
            var jobs: [ExtractedJob] = []
            for name in names where !jobs.contains(where: { $0.name == name }) {
                guard let entry = manifest.jobs.first(where: { $0.name == name }) else {
                    throw ReleaseError.jobNotFound(release: manifest.name, job: name)
                }
                let checked = try Self.checkedName(name, kind: "job", label: label)
                let member = "jobs/\(checked).tgz"
                let jobTarball = directory + "/" + member
                try FileTree.createDirectory(directory + "/jobs")
                try Self.extractVerified(
                    member, entry: entry, from: tarball, to: jobTarball, label: label, archives: archives)
                jobs.append(
                    try Self.extractJob(
                        checked, entry: entry, tarball: jobTarball, into: directory, label: label, archives: archives))
            }
            var packages: [ReleasePackage] = []
            var alternatives: [ReleasePackage] = []
            for (entries, folder, compiled) in [
                (manifest.packages, "packages", false), (manifest.compiledPackages, "compiled_packages", true),
            ] {
                for entry in entries {
                    let name = try Self.checkedName(
                        entry.name, kind: compiled ? "compiled package" : "package", label: label)
                    let member = "\(folder)/\(name).tgz"
                    let package = ReleasePackage(
                        name: name, fingerprint: entry.fingerprint, sha1: entry.sha1,
                        dependencies: entry.dependencies,
                        tarball: directory + "/" + member, isCompiled: compiled,
                        stemcell: compiled ? entry.stemcell : nil,
                        pendingExtraction: ReleaseMember(releaseTarball: tarball, member: member))
                    if packages.contains(where: { $0.name == entry.name }) {
                        if compiled { alternatives.append(package) }
                    } else {
                        packages.append(package)
                    }
                }
            }
            return ExtractedRelease(
                manifest: manifest, directory: directory, jobs: jobs, packages: packages,
                compiledAlternatives: alternatives)
        }
    }

    /// Extracts a package listed by `readJobs` to its `tarball` path, checked against its
    /// digest; does nothing for a package already extracted.
    ///
    /// - Throws: `ReleaseError.missingMember` or `.digestMismatch` naming the release member.
    public func extractPending(_ package: ReleasePackage) async throws {
        guard let pending = package.pendingExtraction, FileKind(of: package.tarball) != .file else { return }
        let archives = self.archives
        try await runOnDedicatedThread {
            try FileTree.createDirectory((package.tarball as NSString).deletingLastPathComponent)
            let entry = ReleaseManifest.Entry(
                name: package.name, version: package.fingerprint, fingerprint: package.fingerprint, sha1: package.sha1)
            try Self.extractVerified(
                pending.member, entry: entry, from: pending.releaseTarball, to: package.tarball,
                label: pending.releaseTarball, archives: archives)
        }
    }

    /// Extracts a verified job tarball into `<directory>/.jobs/<name>` and reads its `job.MF`.
    private static func extractJob(
        _ name: String, entry: ReleaseManifest.Entry, tarball: String, into directory: String, label: String,
        archives: any ArchiveReader
    ) throws -> ExtractedJob {
        let jobDir = directory + "/.jobs/" + name
        try FileTree.createDirectory(jobDir)
        try withContext("Extracting job '\(name)' of release '\(label)'") {
            _ = try archives.extract(tarball: tarball, to: jobDir)
        }
        let jobManifest = try JobManifest.read(path: jobDir + "/job.MF")
        return ExtractedJob(manifest: jobManifest, fingerprint: entry.fingerprint, directory: jobDir)
    }

    private static func readManifest(tarball: String, archives: any ArchiveReader) throws -> ReleaseManifest {
        let data = try archives.readMember(named: "release.MF", in: tarball, limit: 16 << 20)
        return try ReleaseManifest.parse(String(decoding: data, as: UTF8.self), path: "\(tarball):release.MF")
    }

    private static func checkedName(_ name: String, kind: String, label: String) throws -> String {
        try SafeRelativePath.checkName(name, owner: "release '\(label)' \(kind)")
        return name
    }

    private static func extractVerified(
        _ member: String, entry: ReleaseManifest.Entry, from tarball: String, to path: String, label: String,
        archives: any ArchiveReader
    ) throws {
        do {
            try archives.extractMember(named: member, in: tarball, to: path)
        } catch let error as ArchiveError where error.reason == .memberNotFound {
            throw ReleaseError.missingMember(release: label, member: member, tarball: tarball)
        }
        do {
            try ArchiveDigests.verify(file: path, expected: entry.sha1) { expected, actual in
                .digestMismatch(release: label, member: member, expected: expected, actual: actual)
            }
        } catch {
            // Never left behind to be taken for a verified member later.
            try? FileTree.remove(path)
            throw error
        }
    }

    static func readBlocking(
        tarball: String, into directory: String, archives: any ArchiveReader
    ) throws -> ExtractedRelease {
        let manifestFile = try archives.extractReadingManifest(
            tarball: tarball, into: directory, kind: "release", manifest: "release.MF")
        let manifest = try ReleaseManifest.parse(manifestFile.text, path: manifestFile.path)
        let label = "\(manifest.name)/\(manifest.version)"

        func verified(_ member: String, _ entry: ReleaseManifest.Entry) throws -> String {
            let path = directory + "/" + member
            guard FileKind(of: path) == .file else {
                throw ReleaseError.missingMember(release: label, member: member, tarball: tarball)
            }
            try ArchiveDigests.verify(file: path, expected: entry.sha1) { expected, actual in
                .digestMismatch(release: label, member: member, expected: expected, actual: actual)
            }
            return path
        }
        func checkedName(_ name: String, kind: String) throws -> String {
            try Self.checkedName(name, kind: kind, label: label)
        }

        var jobs: [ExtractedJob] = []
        for entry in manifest.jobs {
            let name = try checkedName(entry.name, kind: "job")
            let jobTarball = try verified("jobs/\(name).tgz", entry)
            jobs.append(
                try extractJob(
                    name, entry: entry, tarball: jobTarball, into: directory, label: label, archives: archives))
        }
        var packages: [ReleasePackage] = []
        for entry in manifest.packages {
            let name = try checkedName(entry.name, kind: "package")
            packages.append(
                ReleasePackage(
                    name: name, fingerprint: entry.fingerprint, sha1: entry.sha1, dependencies: entry.dependencies,
                    tarball: try verified("packages/\(name).tgz", entry), isCompiled: false))
        }
        let sourceNames = Set(packages.map(\.name))
        var alternatives: [ReleasePackage] = []
        for entry in manifest.compiledPackages {
            let name = try checkedName(entry.name, kind: "compiled package")
            let package = ReleasePackage(
                name: name, fingerprint: entry.fingerprint, sha1: entry.sha1, dependencies: entry.dependencies,
                tarball: try verified("compiled_packages/\(name).tgz", entry), isCompiled: true,
                stemcell: entry.stemcell)
            if sourceNames.contains(name) {
                alternatives.append(package)
            } else if !packages.contains(where: { $0.name == name }) {
                packages.append(package)
            }
        }
        if let license = manifest.license, !license.sha1.isEmpty, FileKind(of: directory + "/license.tgz") == .file {
            _ = try verified("license.tgz", license)
        }
        return ExtractedRelease(
            manifest: manifest, directory: directory, jobs: jobs, packages: packages,
            compiledAlternatives: alternatives)
    }
}

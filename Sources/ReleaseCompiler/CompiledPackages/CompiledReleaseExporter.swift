import DeployerSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `deployer export-release NAME/VERSION OS/VERSION`: writes a compiled release tarball, as
/// `bosh export-release` downloads it from a Director, from what deploys on this machine kept
/// (`ReleaseRecordStore`) and compiled (`CompiledPackageCache`).
///
/// The tarball holds `release.MF` (first), the jobs as the release shipped them, one compiled
/// package per package the exported jobs need (their dependencies included), and the license
/// when the release has one. Its bytes depend only on those inputs: entries sorted with
/// release.MF first, then `jobs/` and `license.tgz`, then the compiled packages; every mtime
/// 1970-01-01, owner 0:0, modes 0644/0755, gzip without a timestamp. The same release,
/// stemcell and jobs give the same file, digest included.
public struct CompiledReleaseExporter: Sendable {
    /// What to export.
    public struct Request: Sendable, Equatable {
        /// The release name.
        public var name: String
        /// The release version.
        public var version: String
        /// The stemcell's operating system (`ubuntu-jammy`).
        public var operatingSystem: String
        /// The stemcell version (`1.0`).
        public var stemcellVersion: String
        /// Only these jobs (and their packages); every job of the release when empty.
        public var jobs: [String]
        /// The directory the tarball is written to (it must exist).
        public var directory: String

        /// Creates a value from its parts.
        public init(
            name: String, version: String, operatingSystem: String, stemcellVersion: String, jobs: [String] = [],
            directory: String
        ) {
            self.name = name
            self.version = version
            self.operatingSystem = operatingSystem
            self.stemcellVersion = stemcellVersion
            self.jobs = jobs
            self.directory = directory
        }

        /// `<os>/<version>`, as `compiled_packages` entries name the stemcell.
        public var stemcell: String { "\(operatingSystem)/\(stemcellVersion)" }

        /// `[<job>-...-]<name>-<version>-<os>-<stemcell version>.tgz`: bosh-cli's name for an
        /// exported release without the download time it appends, so the same export always
        /// has the same name.
        public var fileName: String {
            let prefix = jobs.isEmpty ? "" : Set(jobs).sorted().joined(separator: "-") + "-"
            return "\(prefix)\(name)-\(version)-\(operatingSystem)-\(stemcellVersion).tgz"
        }
    }

    private let records: ReleaseRecordStore
    private let cache: CompiledPackageCache
    private let workDirectory: String
    private let archives: any ArchiveReader
    private let writer: any ArchiveWriter

    /// - Parameters:
    ///   - records: the releases deploys kept.
    ///   - cache: the packages deploys compiled.
    ///   - workDirectory: scratch space for the release tree (beside the cache, so its
    ///     packages are hard-linked rather than copied).
    ///   - archives: reads `job.MF` from the job tarballs.
    ///   - writer: writes the tarball.
    public init(
        records: ReleaseRecordStore, cache: CompiledPackageCache, workDirectory: String,
        archives: any ArchiveReader = LibArchiveReader(), writer: any ArchiveWriter = LibArchiveWriter()
    ) {
        self.records = records
        self.cache = cache
        self.workDirectory = workDirectory
        self.archives = archives
        self.writer = writer
    }

    /// Writes the compiled release, or nothing at all when something is missing.
    ///
    /// - Returns: the manifest written, the tarball's path and digest.
    /// - Throws: `CompiledReleaseExportError` (unknown release or job, packages never compiled
    ///   for the stemcell, a damaged cache entry); `ReleaseError` for a damaged record or an
    ///   unsafe name; `ArchiveError` / `FileOperationError` when writing fails.
    public func export(_ request: Request) async throws -> ExportedRelease {
        guard let record = try records.record(name: request.name, version: request.version) else {
            throw CompiledReleaseExportError.unknownRelease(
                "\(request.name)/\(request.version)", known: records.knownReleases())
        }
        for part in [request.operatingSystem, request.stemcellVersion] {
            try SafeRelativePath.checkName(part, owner: "stemcell '\(request.stemcell)'")
        }
        let jobs = try await readJobs(of: record, selecting: request.jobs)
        try SafeRelativePath.checkName(request.fileName, owner: "exported release file name")
        let packages = try await compiledPackages(of: record, for: jobs, request: request)
        let writer = self.writer
        let workDirectory = self.workDirectory
        return try await runOnDedicatedThread {
            try Self.write(
                record: record, jobs: jobs, packages: packages, request: request, workDirectory: workDirectory,
                writer: writer)
        }
    }

    /// One job to export: its `release.MF` entry, with the packages its `job.MF` lists.
    struct Job: Sendable {
        var entry: ReleaseManifest.Entry
        var tarball: String
    }

    /// One compiled package to export: its source entry and its cache entry.
    struct Package: Sendable {
        var entry: ReleaseManifest.Entry
        var compiled: CompiledPackage
    }

    /// The jobs to export, each checked against its `release.MF` digest, with the packages its
    /// `job.MF` names.
    private func readJobs(of record: ReleaseRecord, selecting names: [String]) async throws -> [Job] {
        let manifest = record.manifest
        let label = "\(manifest.name)/\(manifest.version)"
        for name in names where !manifest.jobs.contains(where: { $0.name == name }) {
            throw CompiledReleaseExportError.unknownJob(
                name, release: label, jobs: manifest.jobs.map(\.name))
        }
        let archives = self.archives
        return try await runOnDedicatedThread {
            var jobs: [Job] = []
            for var entry in manifest.jobs where names.isEmpty || names.contains(entry.name) {
                try SafeRelativePath.checkName(entry.name, owner: "release '\(label)' job")
                let tarball = record.jobTarball(entry.name)
                try ArchiveDigests.verify(file: tarball, expected: entry.sha1) { expected, actual in
                    .digestMismatch(release: label, member: tarball, expected: expected, actual: actual)
                }
                let text = try archives.readMember(named: "job.MF", in: tarball, limit: 4 << 20)
                entry.dependencies = try JobManifest.parse(
                    String(decoding: text, as: UTF8.self), path: "\(tarball):job.MF"
                ).packages
                jobs.append(Job(entry: entry, tarball: tarball))
            }
            return jobs
        }
    }

    /// The cache entry of every package `jobs` need, in `release.MF` order.
    /// - Throws: `CompiledReleaseExportError.notCompiled` listing every package without one.
    private func compiledPackages(
        of record: ReleaseRecord, for jobs: [Job], request: Request
    ) async throws -> [Package] {
        let entries = record.packages
        let graph = try PackageGraph(
            dependencies: Dictionary(entries.map { ($0.name, $0.dependencies) }, uniquingKeysWith: { a, _ in a }))
        for job in jobs {
            for package in job.entry.dependencies where graph.dependencies[package] == nil {
                throw ReleaseError.missingDependency(package: job.entry.name, dependency: package, dependentKind: "job")
            }
        }
        let needed = Set(graph.closure(of: jobs.flatMap(\.entry.dependencies)))
        let keys = try CompiledPackageKeys.keys(
            of: entries.map(CompiledPackageKeys.Package.init),
            platform: CompiledPackageKeys.platform(
                operatingSystem: request.operatingSystem, stemcellVersion: request.stemcellVersion))
        var found: [Package] = []
        var missing: [String] = []
        for entry in entries where needed.contains(entry.name) {
            if let key = keys[entry.name], let compiled = await cache.lookup(key: key) {
                found.append(Package(entry: entry, compiled: compiled))
            } else {
                missing.append("\(entry.name)/\(entry.fingerprint)")
            }
        }
        guard missing.isEmpty else {
            throw CompiledReleaseExportError.notCompiled(
                release: "\(record.manifest.name)/\(record.manifest.version)", stemcell: request.stemcell,
                packages: missing)
        }
        return found
    }

    /// Stages the release tree in the work directory, writes the tarball beside its final
    /// name in `request.directory` and renames it into place.
    private static func write(
        record: ReleaseRecord, jobs: [Job], packages: [Package], request: Request, workDirectory: String,
        writer: any ArchiveWriter
    ) throws -> ExportedRelease {
        let staging = try FileTree.makeTemporaryDirectory(prefix: "export-release", under: workDirectory)
        defer { try? FileTree.remove(staging) }
        let tree = staging + "/release"
        try FileTree.createDirectory(tree + "/jobs")
        try FileTree.createDirectory(tree + "/compiled_packages")
        for job in jobs {
            try FileTree.linkOrCopy(job.tarball, to: tree + "/jobs/\(job.entry.name).tgz")
        }
        var compiledEntries: [ReleaseManifest.Entry] = []
        for package in packages {
            let name = package.entry.name
            try SafeRelativePath.checkName(name, owner: "release '\(request.name)/\(request.version)' package")
            let staged = tree + "/compiled_packages/\(name).tgz"
            try FileTree.linkOrCopy(package.compiled.tarball, to: staged)
            let sha1 = try checkedSHA1(of: staged, package: package.compiled)
            compiledEntries.append(
                ReleaseManifest.Entry(
                    name: name, version: package.entry.version, fingerprint: package.entry.fingerprint, sha1: sha1,
                    dependencies: package.entry.dependencies, stemcell: request.stemcell))
        }
        var license: ReleaseManifest.Entry?
        if let licenseTarball = record.licenseTarball, let entry = record.manifest.license {
            try FileTree.linkOrCopy(licenseTarball, to: tree + "/license.tgz")
            license = entry
        }
        let source = record.manifest
        let manifest = ReleaseManifest(
            name: source.name, version: source.version, commitHash: source.commitHash,
            uncommittedChanges: source.uncommittedChanges, jobs: jobs.map(\.entry),
            compiledPackages: compiledEntries, license: license)
        try FileTree.write(manifest.yaml(), to: tree + "/release.MF")

        let final = request.directory + "/" + request.fileName
        let partial = request.directory + "/.\(request.fileName).tmp-\(UUID().uuidString.prefix(8).lowercased())"
        let digests = try writer.writeTarball(
            from: tree, to: partial,
            options: ArchiveWriteOptions(
                dotSlashPrefix: false, modificationDate: Date(timeIntervalSince1970: 0),
                digestAlgorithms: [.sha256], leadingEntries: ["release.MF", "jobs", "license.tgz"],
                normalizesModes: true))
        do {
            try FileTree.move(partial, to: final)
        } catch {
            unlink(partial)
            throw error
        }
        let sha = try digests.digest(for: .sha256)?.description ?? ArchiveDigests.sha256(ofFile: final)
        return ExportedRelease(manifest: manifest, stemcell: request.stemcell, tarball: final, sha1: sha)
    }

    /// The SHA-1 of a staged compiled package, once its content is checked against the digest
    /// the cache recorded when it was stored.
    private static func checkedSHA1(of staged: String, package: CompiledPackage) throws -> String {
        let recorded: Digest
        do {
            recorded = try MultiDigest(parsing: package.sha1).strongest
        } catch {
            throw CompiledReleaseExportError.damagedPackage(
                package.name, path: package.tarball, reason: "its recorded digest '\(package.sha1)' is unreadable")
        }
        let computed: MultiDigest
        do {
            computed = try MultiDigest.compute(ofFile: staged, algorithms: [.sha1, recorded.algorithm])
        } catch {
            throw ReleaseError.io(operation: "Computing digest of", path: package.tarball, reason: "\(error)")
        }
        guard computed.digest(for: recorded.algorithm)?.hex == recorded.hex, let sha1 = computed.digest(for: .sha1)
        else {
            throw CompiledReleaseExportError.damagedPackage(
                package.name, path: package.tarball, reason: "its content no longer matches '\(recorded)'")
        }
        return sha1.hex
    }
}

/// A compiled release `CompiledReleaseExporter` wrote.
public struct ExportedRelease: Sendable, Equatable {
    /// The `release.MF` inside it.
    public var manifest: ReleaseManifest
    /// `<os>/<version>` its packages were compiled for.
    public var stemcell: String
    /// Where it was written.
    public var tarball: String
    /// Its digest (`sha256:<hex>`), for a deployment manifest's `sha1`.
    public var sha1: String

    /// Creates a value from its parts.
    public init(manifest: ReleaseManifest, stemcell: String, tarball: String, sha1: String) {
        self.manifest = manifest
        self.stemcell = stemcell
        self.tarball = tarball
        self.sha1 = sha1
    }
}

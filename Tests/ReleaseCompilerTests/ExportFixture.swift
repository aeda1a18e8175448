import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import ReleaseCompiler

/// A `DEPLOYER_HOME` after a deploy of the sample release (`app-release/1.0`: job `web` needs
/// package `app`, which depends on `lib`): the release recorded, and the packages a VM
/// compiled stored in the cache with `compile(_:)`.
struct ExportFixture {
    let dir: TemporaryDirectory
    let release: ExtractedRelease
    let records: ReleaseRecordStore
    let cache: CompiledPackageCache
    var home: String { dir.path + "/home" }

    init() async throws {
        dir = try TemporaryDirectory("export-release")
        let root = try SampleReleases.writeAppRelease(in: dir)
        let tarball = dir.path + "/app-release.tgz"
        _ = try await ReleaseBuilder().createRelease(directory: root, version: "1.0", tarball: tarball)
        release = try await ReleaseReader().read(tarball: tarball, into: dir.path + "/extracted")
        records = ReleaseRecordStore(root: dir.path + "/home/releases")
        try records.keep(release)
        cache = CompiledPackageCache(root: dir.path + "/home/compiled")
    }

    /// Stores a compiled tarball of each of `names`, as the deploy keeps what the VM compiled.
    /// - Returns: the cached tarballs by package name.
    @discardableResult
    func compile(
        _ names: [String], operatingSystem: String = "ubuntu-jammy", version: String = "1.0"
    ) async throws
        -> [String: String]
    {
        let keys = try CompiledPackageKeys.keys(
            of: release.packages.map(CompiledPackageKeys.Package.init),
            platform: CompiledPackageKeys.platform(operatingSystem: operatingSystem, stemcellVersion: version))
        var stored: [String: String] = [:]
        for name in names {
            let package = try #require(release.package(named: name))
            let built = dir.path + "/vm/\(name)-\(UUID().uuidString).tgz"
            try SampleReleases.tarball(built, files: ["bin/\(name)": "compiled \(name)\n"])
            let entry = try await cache.store(
                key: try #require(keys[name]), name: name, fingerprint: package.fingerprint, tarball: built,
                copy: false, origin: .compiled)
            stored[name] = entry.tarball
        }
        return stored
    }

    func exporter() -> CompiledReleaseExporter {
        CompiledReleaseExporter(records: records, cache: cache, workDirectory: home + "/tmp")
    }

    /// A request for `app-release/1.0` on `ubuntu-jammy/<stemcellVersion>` into `directory`
    /// (created).
    func request(
        into directory: String, name: String = "app-release", version: String = "1.0", stemcellVersion: String = "1.0",
        jobs: [String] = []
    ) throws -> CompiledReleaseExporter.Request {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return CompiledReleaseExporter.Request(
            name: name, version: version, operatingSystem: "ubuntu-jammy", stemcellVersion: stemcellVersion,
            jobs: jobs, directory: directory)
    }

    /// The fingerprint of package `name` in the sample release.
    func fingerprint(_ name: String) -> String {
        release.package(named: name)?.fingerprint ?? "?"
    }
}

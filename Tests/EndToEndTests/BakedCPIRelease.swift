import DeployerTestSupport
import Foundation

/// The `baked-cpi` fixture release (`Tests/Fixtures/baked-cpi-release`), built once per test
/// process with `deployer create-release` after the freshly built `local-cpi` is dropped into
/// a staged copy: a CPI whose packages only work where they were compiled.
actor BakedCPIRelease {
    /// The one instance of this test process.
    static let shared = BakedCPIRelease()

    /// The built tarball and its SHA-1.
    typealias Built = BuiltRelease

    private var build: Task<Built, any Error>?

    /// The tarball, built on first use inside `SharedArtifacts`' directory (removed at exit).
    /// - Throws: `EndToEndError` when staging or `create-release` fails.
    func tarball() async throws -> Built {
        if let build { return try await build.value }
        let task = Task { try await Self.buildRelease() }
        build = task
        return try await task.value
    }

    private static func buildRelease() async throws -> Built {
        let directory = try await SharedArtifacts.shared.directory()
        let staged = directory + "/baked-cpi-release"
        let source = BuiltProducts.packageRoot.appendingPathComponent("Tests/Fixtures/baked-cpi-release").path
        try? FileManager.default.removeItem(atPath: staged)
        try FileManager.default.copyItem(atPath: source, toPath: staged)
        try FileManager.default.createDirectory(atPath: staged + "/src/local_cpi", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: BuiltProducts.executable("local-cpi"), toPath: staged + "/src/local_cpi/local-cpi")
        return try await BuiltRelease.create(from: staged, tarball: directory + "/baked-cpi-release.tgz")
    }
}

/// A release tarball built from a release directory, and its SHA-1 (a manifest's `sha1:`).
struct BuiltRelease: Sendable {
    var tarball: String
    var sha1: String

    /// Runs `deployer create-release <directory> --tarball <tarball>` and digests the result.
    /// - Throws: `EndToEndError` when `create-release` or `sha1sum` fails.
    static func create(from directory: String, tarball: String) async throws -> BuiltRelease {
        let work = (tarball as NSString).deletingLastPathComponent
        let created = try await CommandRun.run(
            BuiltProducts.executable("deployer"), ["create-release", directory, "--tarball", tarball], in: work)
        guard created.succeeded else {
            throw EndToEndError("create-release of '\(directory)' failed:\n\(created.output)")
        }
        let digest = try await CommandRun.run("/usr/bin/sha1sum", [tarball], in: work)
        guard digest.succeeded, let sha1 = digest.output.split(separator: " ").first else {
            throw EndToEndError("sha1sum failed: \(digest.output)")
        }
        return BuiltRelease(tarball: tarball, sha1: String(sha1))
    }
}

extension LocalCloudFixture {
    /// Makes the manifest install the `baked-cpi` release's `baked_cpi` job instead of the
    /// local CPI release.
    /// - Throws: when the example manifest no longer has the lines replaced.
    func useBakedCPI(_ release: BakedCPIRelease.Built) throws {
        try editManifest(
            replacing: "- name: local-cpi\n  url: ((local_cpi_release_url))\n  sha1: ((local_cpi_release_sha1))",
            with: "- name: baked-cpi\n  url: file://\(release.tarball)\n  sha1: \(release.sha1)")
        try editManifest(
            replacing: "    name: local_cpi\n    release: local-cpi",
            with: "    name: baked_cpi\n    release: baked-cpi")
    }
}

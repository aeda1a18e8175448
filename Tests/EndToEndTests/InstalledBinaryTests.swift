import DeployerTestSupport
import Foundation
import Testing

/// `scripts/install` into a temporary prefix: the release binaries link the Swift runtime
/// statically (ldd names no Swift library), `deployer --version` names the commit, and the
/// installed binaries deploy the example from a directory outside the repository.
///
/// Run from the release build (`scripts/test`: `scripts/release-build --build-tests`, then
/// `swift test -c release`), it installs the products that build made, with `--no-build`: they
/// are what `scripts/install` would build, and `swift test` holds the build directory's lock, so
/// a `swift build` in it would wait for the run to end. Run from any other build, it lets
/// `scripts/install` build the release products (about 20 minutes of CPU on 2 cores).
@Suite(.serialized)
struct InstalledBinaryTests {
    /// Libraries of the Swift toolchain that a dynamically linked Swift program would load.
    static let swiftLibraries = [
        "libswift", "libFoundation", "lib_Foundation", "libdispatch", "libBlocksRuntime", "libXCTest", "libTesting",
    ]

    /// `--no-build` and the build directory when this test runner is a release build's (its
    /// directory is `<build dir>/<triple>/release`); nothing, so that `scripts/install` builds,
    /// otherwise.
    static var installOptions: (arguments: [String], environment: [String: String]) {
        let products = URL(fileURLWithPath: BuiltProducts.directory)
        guard products.lastPathComponent == "release" else { return ([], [:]) }
        let buildDirectory = products.deletingLastPathComponent().deletingLastPathComponent().path
        return (["--no-build"], ["DEPLOYER_RELEASE_BUILD_DIR": buildDirectory])
    }

    @Test func installedBinariesNeedNoSwiftRuntimeAndDeployTheExample() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "deployer-install-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let prefix = work + "/prefix"
        let scripts = BuiltProducts.packageRoot.appendingPathComponent("scripts").path

        let install = try await CommandRun.run(
            "/bin/bash", [scripts + "/install"] + Self.installOptions.arguments + [prefix], in: work,
            environment: Self.installOptions.environment, timeout: .seconds(3600))
        try #require(install.succeeded, "scripts/install failed:\n\(install.output)")

        for product in ["deployer", "local-cpi", "local-agent"] {
            let ldd = try await CommandRun.run("/usr/bin/ldd", [prefix + "/bin/" + product], in: work)
            try #require(ldd.succeeded, "ldd \(product): \(ldd.output)")
            #expect(ldd.output.contains("libc.so"), "ldd \(product): \(ldd.output)")
            for library in Self.swiftLibraries {
                #expect(!ldd.output.contains(library), "\(product) loads \(library):\n\(ldd.output)")
            }
        }
        let deployerLibraries = try await CommandRun.run("/usr/bin/ldd", [prefix + "/bin/deployer"], in: work)
        #expect(deployerLibraries.output.contains("libcurl"))
        #expect(deployerLibraries.output.contains("libarchive"))

        let head = try await CommandRun.run(
            "/usr/bin/git", ["-C", BuiltProducts.packageRoot.path, "rev-parse", "--short=12", "HEAD"], in: work)
        let commit = head.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let version = try await CommandRun.run(prefix + "/bin/deployer", ["--version"], in: work)
        #expect(version.succeeded)
        #expect(version.output.hasPrefix("0.1.0 (commit \(commit)"), "\(version.output)")

        // The example's artifacts carry the installed local-cpi and local-agent.
        let artifacts = work + "/artifacts"
        let build = try await CommandRun.run(
            "/bin/bash", [scripts + "/build-local-cloud", "--bin-dir", prefix + "/bin", artifacts], in: work,
            environment: ["LOCAL_CLOUD_ROOT": work + "/unused-cloud-root"])
        try #require(build.succeeded, "build-local-cloud failed:\n\(build.output)")

        try await LocalCloudFixture.withDeployment(installed: (prefix + "/bin", artifacts)) { cloud in
            #expect(!cloud.root.hasPrefix(BuiltProducts.packageRoot.path))
            let deploy = try await cloud.deployer("deploy")
            try #require(deploy.succeeded, "the installed deployer failed to deploy:\n\(deploy.output)")
            let answer = try await cloud.get("/")
            #expect(answer.output.contains("Hello from the local cloud"), "\(answer.output)")
            let delete = try await cloud.deployer("delete")
            #expect(delete.succeeded, "delete failed:\n\(delete.output)")
            #expect(try await cloud.inventory().isEmpty)
        }
    }
}

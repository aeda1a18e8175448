import DeployerTestSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The local cloud's artifacts (CPI release, notes release, stemcell, `artifacts.yml`), built
/// by `scripts/build-local-cloud` from the freshly built binaries once per test process and
/// shared by every end-to-end test: each deployment only reads the tarballs.
///
/// They live in `<tmp>/deployer-e2e-artifacts-<pid>`, removed when the test process exits;
/// directories of earlier test processes that are gone (killed before they could clean up)
/// are removed when the next build starts.
actor SharedArtifacts {
    /// The one instance of this test process.
    static let shared = SharedArtifacts()

    private var build: Task<String, any Error>?

    /// The directory holding the artifacts, built on first use.
    /// - Throws: `EndToEndError` when the build script fails (every later call fails the same way).
    func directory() async throws -> String {
        if let build { return try await build.value }
        let task = Task { try await Self.buildArtifacts() }
        build = task
        return try await task.value
    }

    private static let prefix = "deployer-e2e-artifacts-"

    private static func directory(of pid: Int32) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent(prefix + String(pid)).path
    }

    private static func buildArtifacts() async throws -> String {
        removeStaleDirectories()
        let directory = directory(of: getpid())
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Swift Testing has no end-of-run hook: remove the directory when the process exits.
        atexit { try? FileManager.default.removeItem(atPath: SharedArtifacts.directory(of: getpid())) }
        let bin = BuiltProducts.directory
        let script = BuiltProducts.packageRoot.appendingPathComponent("scripts/build-local-cloud").path
        // Each fixture writes its own `local_cloud_root` into its copy of artifacts.yml.
        let build = try await CommandRun.run(
            "/bin/bash", [script, "--bin-dir", bin, directory], in: directory,
            environment: ["LOCAL_CLOUD_ROOT": directory + "/unused-cloud-root"])
        guard build.succeeded else { throw EndToEndError("build-local-cloud failed:\n\(build.output)") }
        return directory
    }

    /// Removes the artifact directories of test processes that no longer exist.
    private static func removeStaleDirectories() {
        let temporary = FileManager.default.temporaryDirectory.path
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        for entry in entries where entry.hasPrefix(prefix) {
            guard let pid = Int32(entry.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: temporary + "/" + entry)
        }
    }
}

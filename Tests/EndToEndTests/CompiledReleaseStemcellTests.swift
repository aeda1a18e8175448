import Foundation
import Testing

/// A compiled release built for another stemcell, on the local cloud with the real binaries:
/// packages without source are refused before anything is created (deploy and plan alike,
/// naming the release, the package, what it was compiled for and the stemcell in use); the
/// same packages shipped with their sources are compiled from source, with a warning, and
/// the service answers.
@Suite(.serialized)
struct CompiledReleaseStemcellTests {
    @Test func aReleaseCompiledForAnotherOSIsRefusedOrCompiledFromItsSources() async throws {
        try await LocalCloudFixture.withDeployment { cloud in
            let artifacts = try await SharedArtifacts.shared.directory()
            let source = artifacts + "/notes-service-release.tgz"

            let compiledOnly = try await Self.recompile(
                source, stemcell: "ubuntu-noble/1", keepSources: false, as: "noble-only.tgz", in: cloud)
            try cloud.editManifest(
                replacing: "url: ((notes_release_url))\n  sha1: ((notes_release_sha1))",
                with: "url: file://\(compiledOnly.path)\n  sha1: \(compiledOnly.sha1)")
            for command in ["deploy", "plan"] {
                let refused = try await cloud.deployer(command)
                #expect(refused.status == 1, "\(command) should fail:\n\(refused.output)")
                #expect(
                    refused.output.contains("Can't use release 'notes-service/")
                        && refused.output.contains("(ubuntu-jammy/"),
                    "\(command):\n\(refused.output)")
                #expect(refused.output.contains("compiled for 'ubuntu-noble/1'"), "\(command):\n\(refused.output)")
                #expect(refused.output.contains("deployer export-release notes-service/"), "\(refused.output)")
            }
            let untouched = try await cloud.inventory()
            #expect(untouched.stemcells.isEmpty && untouched.vms.isEmpty && untouched.disks.isEmpty, "\(untouched)")
            #expect(!FileManager.default.fileExists(atPath: cloud.statePath))

            let bothWays = try await Self.recompile(
                source, stemcell: "ubuntu-noble/1", keepSources: true, as: "noble-and-sources.tgz", in: cloud)
            try cloud.editManifest(
                replacing: "url: file://\(compiledOnly.path)\n  sha1: \(compiledOnly.sha1)",
                with: "url: file://\(bothWays.path)\n  sha1: \(bothWays.sha1)")
            let deployed = try await cloud.deployer("deploy")
            try #require(deployed.succeeded, "deploy with sources failed:\n\(deployed.output)")
            #expect(deployed.output.contains("will be compiled from source"), "\(deployed.output)")
            #expect(deployed.output.contains("compiled for 'ubuntu-noble/1'"), "\(deployed.output)")
            // Compiled on the VM from source: the step finishes, it is not skipped as shipped compiled.
            #expect(deployed.output.contains("Compiling package 'notes-server/"), "\(deployed.output)")
            #expect(!deployed.output.contains("Package already compiled"), "\(deployed.output)")
            let greeting = try await cloud.get("/")
            #expect(greeting.succeeded && greeting.output.contains("Hello from the local cloud"), "\(greeting.output)")
            let deleted = try await cloud.deployer("delete")
            #expect(deleted.succeeded, "delete failed:\n\(deleted.output)")
        }
    }

    /// Rewrites a source release as one whose release.MF also lists every package under
    /// `compiled_packages` for `stemcell` (their tarballs are the sources' bytes: nothing may
    /// use them, the test checks they are never installed), with or without the sources.
    static func recompile(
        _ tarball: String, stemcell: String, keepSources: Bool, as name: String, in cloud: LocalCloudFixture
    ) async throws -> (path: String, sha1: String) {
        let staging = cloud.root + "/" + name + ".d"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let unpacked = try await cloud.run("/bin/tar", ["-xzf", tarball, "-C", staging], timeout: .seconds(60))
        try #require(unpacked.succeeded, "\(unpacked.output)")
        let manifestPath = staging + "/release.MF"
        var lines = try String(contentsOfFile: manifestPath, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: "packages:"), "release.MF has no packages")
        let end = lines[(start + 1)...].firstIndex { !$0.hasPrefix(" ") && !$0.hasPrefix("-") } ?? lines.count
        var compiled = ["compiled_packages:"]
        for line in lines[(start + 1)..<end] {
            compiled.append(line)
            if line.hasPrefix("- name:") { compiled.append("  stemcell: \(stemcell)") }
        }
        try FileManager.default.createDirectory(
            atPath: staging + "/compiled_packages", withIntermediateDirectories: true)
        for package in try FileManager.default.contentsOfDirectory(atPath: staging + "/packages") {
            try FileManager.default.copyItem(
                atPath: staging + "/packages/" + package, toPath: staging + "/compiled_packages/" + package)
        }
        if keepSources {
            lines.insert(contentsOf: compiled, at: end)
        } else {
            lines.replaceSubrange(start..<end, with: compiled)
            try FileManager.default.removeItem(atPath: staging + "/packages")
        }
        try lines.joined(separator: "\n").write(toFile: manifestPath, atomically: true, encoding: .utf8)
        let path = cloud.root + "/" + name
        let members = try FileManager.default.contentsOfDirectory(atPath: staging).sorted()
        let packed = try await cloud.run(
            "/bin/tar", ["-czf", path, "-C", staging] + members, timeout: .seconds(60))
        try #require(packed.succeeded, "\(packed.output)")
        let digest = try await cloud.run("/usr/bin/sha1sum", [path], timeout: .seconds(30))
        return (path, String(digest.output.prefix(40)))
    }
}

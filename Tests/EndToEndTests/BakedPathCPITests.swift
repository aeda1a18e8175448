import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The local cloud driven through `baked-cpi`, a CPI release built the way Ruby CPIs are:
/// its launcher has its prefix and an rpath compiled in, a dependent package runs it while
/// compiling and writes a binstub holding its absolute path. It only works when every package
/// is compiled where it runs, with its dependencies in place.
@Suite(.serialized)
struct BakedPathCPITests {
    @Test func deploysReusesAcrossStateFilesAndRebuildsADamagedPackage() async throws {
        let release = try await BakedCPIRelease.shared.tarball()
        try await LocalCloudFixture.withDeployment { cloud in
            try cloud.useBakedCPI(release)

            let fresh = try await cloud.deployer("deploy")
            try #require(fresh.succeeded, "deploy with the baked-path CPI failed:\n\(fresh.output)")
            for package in ["launcher", "local_cpi", "cpi_stub"] {
                #expect(lines(of: fresh.output, compiling: package, ending: "Finished").count == 1, "\(fresh.output)")
            }
            for step in [
                "Installing packages... Finished", "Rendering job templates... Finished",
                "Installing job 'baked_cpi'... Finished",
            ] {
                #expect(fresh.output.contains(step), "no '\(step)':\n\(fresh.output)")
            }
            let greeting = try await cloud.get("/")
            #expect(greeting.output.contains("Hello from the local cloud"), "greeting: \(greeting.output)")

            let noop = try await cloud.deployer("deploy")
            try #require(noop.succeeded, "no-op deploy failed:\n\(noop.output)")
            #expect(noop.output.contains("Skipping deploy"), "\(noop.output)")

            // Damage the launcher where it was compiled: the next install compiles it again
            // (at the same path, so the binstub that holds it stays valid) and keeps the rest.
            let marker = try #require(
                try storedFile(in: cloud.deployerHome, package: "launcher", file: "share/launcher.id"))
            try FileManager.default.removeItem(atPath: marker)
            let deleted = try await cloud.deployer("delete")
            try #require(deleted.succeeded, "delete after damaging the launcher failed:\n\(deleted.output)")
            #expect(
                lines(of: deleted.output, compiling: "launcher", ending: "Finished").count == 1, "\(deleted.output)")
            #expect(
                lines(of: deleted.output, compiling: "cpi_stub", ending: "Skipped [Package already compiled]").count
                    == 1)
            #expect(FileManager.default.fileExists(atPath: marker))
            let afterDelete = try await cloud.inventory()
            #expect(afterDelete.vms.isEmpty && afterDelete.disks.isEmpty, "left behind: \(afterDelete)")

            // A second state file (a new installation) compiles nothing.
            let second = try await cloud.deployer("deploy", "--state", "second-state.json")
            try #require(second.succeeded, "deploy on a second state file failed:\n\(second.output)")
            let compileLines = second.output.split(separator: "\n").filter { line in
                ["launcher", "local_cpi", "cpi_stub"].contains { line.contains("Compiling package '\($0)/") }
            }
            #expect(compileLines.count == 3, "\(second.output)")
            #expect(compileLines.allSatisfy { $0.contains("Skipped [Package already compiled]") }, "\(second.output)")
            let removed = try await cloud.deployer("delete", "--state", "second-state.json")
            try #require(removed.succeeded, "delete of the second state failed:\n\(removed.output)")
        }
    }

    @Test func twoDeploysOnAColdSharedHomeBothSucceed() async throws {
        let release = try await BakedCPIRelease.shared.tarball()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent(
            "deployer-shared-home-\(UUID().uuidString.prefix(8))"
        ).path
        defer { try? FileManager.default.removeItem(atPath: home) }
        try await LocalCloudFixture.withDeployment(home: home) { first in
            try await LocalCloudFixture.withDeployment(home: home) { second in
                try first.useBakedCPI(release)
                try second.useBakedCPI(release)
                let runs = [try first.startDeployer("deploy"), try second.startDeployer("deploy")]
                let one = try await first.wait(for: runs[0])
                let two = try await second.wait(for: runs[1])
                try #require(one.succeeded, "first concurrent deploy failed:\n\(one.output)")
                try #require(two.succeeded, "second concurrent deploy failed:\n\(two.output)")
                // Each package ran its script once; the other run waited and used it.
                for package in ["launcher", "local_cpi", "cpi_stub"] {
                    let finished =
                        lines(of: one.output, compiling: package, ending: "Finished").count
                        + lines(of: two.output, compiling: package, ending: "Finished").count
                    #expect(finished == 1, "\(package) compiled \(finished) times:\n\(one.output)\n\(two.output)")
                }
                for cloud in [first, second] {
                    let greeting = try await cloud.get("/")
                    #expect(greeting.output.contains("Hello from the local cloud"), "greeting: \(greeting.output)")
                }
            }
        }
    }

    @Test func packageDirPutsTheStoreWhereTheOperatorSays() async throws {
        try await LocalCloudFixture.withDeployment { cloud in
            let deployed = try await cloud.deployer("deploy", "--package-dir", "pkgs")
            try #require(deployed.succeeded, "deploy with --package-dir failed:\n\(deployed.output)")
            // Compiled where the flag says (a relative path counts from the working directory),
            // and the installation's packages link there; nothing went to the default store.
            let store = cloud.root + "/pkgs"
            let binary = try #require(
                try storedFile(in: store, package: "local_cpi", file: "bin/local-cpi", storeIsRoot: true))
            #expect(FileManager.default.isExecutableFile(atPath: binary))
            let installations = cloud.deployerHome + "/installations"
            let installation = try #require(try FileManager.default.contentsOfDirectory(atPath: installations).first)
            let link = try FileManager.default.destinationOfSymbolicLink(
                atPath: "\(installations)/\(installation)/packages/local_cpi")
            #expect(link.hasPrefix(store + "/"), "\(link)")
            #expect(!FileManager.default.fileExists(atPath: cloud.deployerHome + "/packages"))
            let deleted = try await cloud.deployer("delete", "--package-dir", "pkgs")
            try #require(deleted.succeeded, "delete with --package-dir failed:\n\(deleted.output)")
            #expect(
                lines(of: deleted.output, compiling: "local_cpi", ending: "Skipped [Package already compiled]").count
                    == 1)
        }
    }

    /// Lines of `output` reporting `package`'s compile step with the given outcome.
    private func lines(of output: String, compiling package: String, ending outcome: String) -> [Substring] {
        output.split(separator: "\n").filter {
            $0.contains("Compiling package '\(package)/") && $0.contains("... \(outcome)")
        }
    }

    /// `<home>/packages/<key>/<package>/<file>` (or `<store>/<key>/...`) of the stored entry
    /// holding it.
    private func storedFile(in home: String, package: String, file: String, storeIsRoot: Bool = false) throws -> String?
    {
        let store = storeIsRoot ? home : home + "/packages"
        return try FileManager.default.contentsOfDirectory(atPath: store)
            .map { store + "/" + $0 + "/" + package + "/" + file }
            .first { FileManager.default.fileExists(atPath: $0) }
    }
}

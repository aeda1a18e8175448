import DeployerTestSupport
import Foundation
import Testing

@testable import ReleaseCompiler

@Suite(.serialized) struct CompiledPackageCacheTests {
    @Test func concurrentStoresOfOneKeyLeaveOneCompleteEntry() async throws {
        let dir = try TemporaryDirectory()
        let root = dir.path + "/compiled"
        let sources = try (0..<6).map { index in
            try dir.write("in/\(index).tgz", "same compiled bytes")
        }
        // Separate actors stand in for separate processes sharing the directory.
        let results = try await withThrowingTaskGroup(of: CompiledPackage.self) { group in
            for source in sources {
                group.addTask {
                    try await CompiledPackageCache(root: root).store(
                        key: "k1", name: "pkg", fingerprint: "fp", tarball: source, copy: false, origin: .compiled)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 6)
        #expect(Set(results.map(\.tarball)) == [root + "/k1/package.tgz"])
        #expect(Set(results.map(\.sha1)).count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["k1"])
        #expect(try String(contentsOfFile: root + "/k1/package.tgz", encoding: .utf8) == "same compiled bytes")
        let hit = await CompiledPackageCache(root: root).lookup(key: "k1")
        #expect(hit?.origin == .cached)
        #expect(hit?.name == "pkg")
        #expect(await CompiledPackageCache(root: root).lookup(key: "k2") == nil)
    }
}

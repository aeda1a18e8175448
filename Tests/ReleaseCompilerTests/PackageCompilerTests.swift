import DeployerSupport
import Foundation
import Testing
@testable import ReleaseCompiler

@Suite(.serialized) struct PackageCompilerTests {
    /// Source package tarballs for a diamond: a ← b, a ← c, (b, c) ← d. Every script appends
    /// its name to $COUNTER; b and c each wait until the other has started, so they only
    /// succeed when compiled in parallel.
    func diamond(_ dir: TestDirectory) throws -> [ReleasePackage] {
        let waitFor = { (me: String, other: String) in
            """
            set -e
            touch "$MARKERS/\(me).started"
            for i in $(seq 1 100); do [ -e "$MARKERS/\(other).started" ] && break; sleep 0.05; done
            [ -e "$MARKERS/\(other).started" ]
            echo "\(me)+$(cat "$BOSH_PACKAGES_DIR/a/out.txt")" > "$BOSH_INSTALL_TARGET/out.txt"
            """
        }
        let scripts: [String: (String, [String])] = [
            "a": ("cat input.txt > \"$BOSH_INSTALL_TARGET/out.txt\"\n[ \"$BOSH_PACKAGE_NAME\" = a ]\n[ \"$PWD\" = \"$BOSH_COMPILE_TARGET\" ]\n", []),
            "b": (waitFor("b", "c"), ["a"]),
            "c": (waitFor("c", "b"), ["a"]),
            "d": ("set -e\n[ ! -e \"$BOSH_PACKAGES_DIR/a\" ]\ncat \"$BOSH_PACKAGES_DIR/b/out.txt\" \"$BOSH_PACKAGES_DIR/c/out.txt\" > \"$BOSH_INSTALL_TARGET/out.txt\"\n", ["b", "c"]),
        ]
        return try scripts.map { name, value in
            let tarball = dir.path + "/packages/\(name).tgz"
            let sha = try SampleReleases.tarball(
                tarball, files: ["packaging": "echo \(name) >> \"$COUNTER\"\n" + value.0, "input.txt": "from-a"])
            return ReleasePackage(
                name: name, fingerprint: "fp-\(name)", sha1: sha, dependencies: value.1, tarball: tarball, isCompiled: false)
        }
    }

    func compiler(_ dir: TestDirectory, cache: CompiledPackageCache) throws -> PackageCompiler {
        try FileManager.default.createDirectory(atPath: dir.path + "/markers", withIntermediateDirectories: true)
        return PackageCompiler(
            cache: cache, workDirectory: dir.path + "/work", maxParallel: 2,
            environment: ["COUNTER": dir.path + "/counter", "MARKERS": dir.path + "/markers"])
    }

    @Test func compilesADiamondInParallelThenFullyFromCache() async throws {
        let dir = try TestDirectory()
        let packages = try diamond(dir)
        let cache = CompiledPackageCache(root: dir.path + "/compiled")
        let first = try await compiler(dir, cache: cache).compile(["d"], from: packages)
        #expect(Set(first.keys) == ["a", "b", "c", "d"])
        #expect(first.values.allSatisfy { $0.origin == .compiled })
        let counter = try dir.read("counter").split(separator: "\n")
        #expect(counter.count == 4)
        #expect(counter.first == "a")
        #expect(counter.last == "d")

        try await compiler(dir, cache: cache).install(Array(first.values), into: dir.path + "/installed")
        #expect(try dir.read("installed/d/out.txt") == "b+from-a\nc+from-a\n")
        #expect(try dir.read("installed/a/out.txt") == "from-a")

        // A second run (new compiler, same cache root, as a second process would) runs nothing.
        let second = try await compiler(dir, cache: CompiledPackageCache(root: dir.path + "/compiled"))
            .compile(["d"], from: packages)
        #expect(second.values.allSatisfy { $0.origin == .cached })
        #expect(second.mapValues(\.cacheKey) == first.mapValues(\.cacheKey))
        #expect(try dir.read("counter").split(separator: "\n").count == 4)
        // The cache holds exactly the four entries and no leftovers from staging.
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/compiled")
        #expect(entries.count == 4)
    }

    @Test func dependencyChangeChangesTheKey() {
        let a = CompiledPackageCache.key(fingerprint: "f", dependencyKeys: ["x:1", "y:2"], platform: "linux-x86_64")
        #expect(a == CompiledPackageCache.key(fingerprint: "f", dependencyKeys: ["y:2", "x:1"], platform: "linux-x86_64"))
        #expect(a != CompiledPackageCache.key(fingerprint: "f", dependencyKeys: ["x:1", "y:3"], platform: "linux-x86_64"))
        #expect(a != CompiledPackageCache.key(fingerprint: "f", dependencyKeys: ["x:1", "y:2"], platform: "linux-aarch64"))
        #expect(a.count == 64)
    }

    @Test func failingScriptReportsTheLogTail() async throws {
        let dir = try TestDirectory()
        let tarball = dir.path + "/bad.tgz"
        let sha = try SampleReleases.tarball(
            tarball, files: ["packaging": "for i in $(seq 1 40); do echo noise-$i; done\necho boom-marker >&2\nexit 3\n"])
        let bad = ReleasePackage(name: "bad", fingerprint: "fpbad", sha1: sha, dependencies: [], tarball: tarball, isCompiled: false)
        let cache = CompiledPackageCache(root: dir.path + "/compiled")
        await #expect {
            try await compiler(dir, cache: cache).compile(["bad"], from: [bad])
        } throws: { error in
            guard case .compilationFailed(let package, let status, let logPath, let tail) = error as? ReleaseError else {
                return false
            }
            return package == "bad/fpbad" && status.contains("3") && logPath.hasSuffix("/bad.log")
                && tail.contains("boom-marker") && tail.contains("noise-40") && !tail.contains("noise-1\n")
                && tail.split(separator: "\n").count <= 20
        }
        #expect(await cache.lookup(key: CompiledPackageCache.key(fingerprint: "fpbad", dependencyKeys: [], platform: PackageCompiler.hostPlatform)) == nil)
    }

    @Test func precompiledPackagesAreStoredAsIs() async throws {
        let dir = try TestDirectory()
        let tarball = dir.path + "/compiled_packages/pre.tgz"
        let sha = try SampleReleases.tarball(tarball, files: ["bin/tool": "#!/bin/sh\n"], executable: ["bin/tool"])
        let pre = ReleasePackage(name: "pre", fingerprint: "fp", sha1: sha, dependencies: [], tarball: tarball, isCompiled: true)
        let compiler = try compiler(dir, cache: CompiledPackageCache(root: dir.path + "/compiled"))
        let result = try await compiler.compile(["pre"], from: [pre])
        #expect(result["pre"]?.origin == .precompiled)
        #expect(result["pre"]?.sha1 == sha)
        try await compiler.install(Array(result.values), into: dir.path + "/installed")
        #expect(FileManager.default.isExecutableFile(atPath: dir.path + "/installed/pre/bin/tool"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/counter"))
    }

    @Test func missingDependencyFailsBeforeAnythingRuns() async throws {
        let dir = try TestDirectory()
        let lonely = ReleasePackage(name: "x", fingerprint: "f", sha1: "", dependencies: ["ghost"], tarball: "", isCompiled: false)
        await #expect(throws: ReleaseError.missingDependency(package: "x", dependency: "ghost", dependentKind: "package")) {
            try await compiler(dir, cache: CompiledPackageCache(root: dir.path + "/c")).compile(["x"], from: [lonely])
        }
    }
}

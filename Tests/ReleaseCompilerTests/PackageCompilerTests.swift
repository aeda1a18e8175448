import DeployerSupport
import DeployerTestSupport
import Foundation
import Testing

@testable import ReleaseCompiler

extension PackageCompiler {
    /// Plans and compiles `names` in one call.
    func compile(_ names: [String], from packages: [ReleasePackage]) async throws -> [String: StoredPackage] {
        try await compile(try plan(names, from: packages))
    }
}

@Suite(.serialized) struct PackageCompilerTests {
    /// Source package tarballs for a diamond: a ← b, a ← c, (b, c) ← d. Every script appends
    /// its name to $COUNTER; b and c each wait until the other has started, so they only
    /// succeed when compiled in parallel.
    func diamond(_ dir: TemporaryDirectory) throws -> [ReleasePackage] {
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
            "a": (
                "cat input.txt > \"$BOSH_INSTALL_TARGET/out.txt\"\n[ \"$BOSH_PACKAGE_NAME\" = a ]\n[ \"$PWD\" = \"$BOSH_COMPILE_TARGET\" ]\n",
                []
            ),
            "b": (waitFor("b", "c"), ["a"]),
            "c": (waitFor("c", "b"), ["a"]),
            "d": (
                "set -e\n[ ! -e \"$BOSH_PACKAGES_DIR/a\" ]\ncat \"$BOSH_PACKAGES_DIR/b/out.txt\" \"$BOSH_PACKAGES_DIR/c/out.txt\" > \"$BOSH_INSTALL_TARGET/out.txt\"\n",
                ["b", "c"]
            ),
        ]
        return try scripts.map { name, value in
            let tarball = dir.path + "/packages/\(name).tgz"
            let sha = try SampleReleases.tarball(
                tarball, files: ["packaging": "echo \(name) >> \"$COUNTER\"\n" + value.0, "input.txt": "from-a"])
            return ReleasePackage(
                name: name, fingerprint: "fp-\(name)", sha1: sha, dependencies: value.1, tarball: tarball,
                isCompiled: false)
        }
    }

    /// One source package whose script records where it ran and sleeps `seconds`.
    func recorder(
        _ dir: TemporaryDirectory, name: String = "rec", seconds: Double = 0, dependencies: [String] = []
    ) throws -> ReleasePackage {
        let tarball = dir.path + "/packages/\(name).tgz"
        let script = """
            set -e
            echo \(name) >> "$COUNTER"
            sleep \(seconds)
            echo "$BOSH_INSTALL_TARGET" > "$BOSH_INSTALL_TARGET/install-target"
            echo "$BOSH_PACKAGES_DIR" > "$BOSH_INSTALL_TARGET/packages-dir"
            mkdir -p "$BOSH_INSTALL_TARGET/lib"
            echo payload > "$BOSH_INSTALL_TARGET/lib/data"
            """
        let sha = try SampleReleases.tarball(tarball, files: ["packaging": script])
        return ReleasePackage(
            name: name, fingerprint: "fp-\(name)", sha1: sha, dependencies: dependencies, tarball: tarball,
            isCompiled: false)
    }

    func compiler(_ dir: TemporaryDirectory, store: String? = nil) throws -> PackageCompiler {
        try FileManager.default.createDirectory(atPath: dir.path + "/markers", withIntermediateDirectories: true)
        return PackageCompiler(
            store: PackageStore(root: store ?? dir.path + "/store"), workDirectory: dir.path + "/work", maxParallel: 2,
            environment: ["COUNTER": dir.path + "/counter", "MARKERS": dir.path + "/markers"])
    }

    func counterLines(_ dir: TemporaryDirectory) -> [Substring] {
        ((try? dir.read("counter")) ?? "").split(separator: "\n")
    }

    @Test func compilesADiamondInParallelThenFullyFromTheStore() async throws {
        let dir = try TemporaryDirectory()
        let packages = try diamond(dir)
        let first = try await compiler(dir).compile(["d"], from: packages)
        #expect(Set(first.keys) == ["a", "b", "c", "d"])
        #expect(first.values.allSatisfy { $0.origin == .compiled })
        let counter = counterLines(dir)
        #expect(counter.count == 4)
        #expect(counter.first == "a")
        #expect(counter.last == "d")
        let d = try #require(first["d"])
        #expect(try String(contentsOfFile: d.directory + "/out.txt", encoding: .utf8) == "b+from-a\nc+from-a\n")

        // A second run (a new compiler on the same store, as a second process) runs nothing.
        let second = try await compiler(dir).compile(["d"], from: packages)
        #expect(second.values.allSatisfy { $0.origin == .cached })
        #expect(second.mapValues(\.key) == first.mapValues(\.key))
        #expect(counterLines(dir).count == 4)
        // Each entry is a directory, its record and its lock; nothing else is left.
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/store")
        #expect(entries.count == 12)
        #expect(entries.filter { $0.hasSuffix(".json") }.count == 4)
    }

    @Test func aPackageCompilesAtThePathItRunsFromWithItsDependenciesLinked() async throws {
        let dir = try TemporaryDirectory()
        let base = try recorder(dir, name: "base")
        let top = try recorder(dir, name: "top", dependencies: ["base"])
        let result = try await compiler(dir).compile(["top"], from: [base, top])
        let stored = try #require(result["top"])
        let store = try PackageStore(root: dir.path + "/store").prepared()
        #expect(stored.entryDirectory == store.root + "/" + stored.key)
        #expect(stored.directory == stored.entryDirectory + "/top")
        #expect(
            try String(contentsOfFile: stored.directory + "/install-target", encoding: .utf8) == stored.directory + "\n"
        )
        #expect(
            try String(contentsOfFile: stored.directory + "/packages-dir", encoding: .utf8) == stored.entryDirectory
                + "\n")
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: stored.entryDirectory + "/base")
        #expect(link == result["base"]?.directory)
        #expect(stored.key.count == 32)
    }

    @Test func aDamagedEntryIsCompiledAgainNotUsed() async throws {
        let dir = try TemporaryDirectory()
        let package = try recorder(dir)
        let first = try #require(try await compiler(dir).compile(["rec"], from: [package])["rec"])
        try FileManager.default.removeItem(atPath: first.directory + "/lib/data")
        let second = try #require(try await compiler(dir).compile(["rec"], from: [package])["rec"])
        #expect(second.origin == .compiled)
        #expect(second.directory == first.directory)
        #expect(try String(contentsOfFile: second.directory + "/lib/data", encoding: .utf8) == "payload\n")
        #expect(counterLines(dir).count == 2)

        // A rewritten file (another size) counts as damage too; an untouched entry does not.
        try Data("x".utf8).write(to: URL(fileURLWithPath: second.directory + "/lib/data"))
        #expect(try await compiler(dir).compile(["rec"], from: [package])["rec"]?.origin == .compiled)
        #expect(try await compiler(dir).compile(["rec"], from: [package])["rec"]?.origin == .cached)
        #expect(counterLines(dir).count == 3)
    }

    @Test func aMovedStoreIsCompiledAgainAtItsNewPath() async throws {
        let dir = try TemporaryDirectory()
        let package = try recorder(dir)
        _ = try await compiler(dir, store: dir.path + "/old").compile(["rec"], from: [package])
        try FileManager.default.moveItem(atPath: dir.path + "/old", toPath: dir.path + "/new")
        let moved = try #require(
            try await compiler(dir, store: dir.path + "/new").compile(["rec"], from: [package])["rec"])
        #expect(moved.origin == .compiled)
        #expect(
            try String(contentsOfFile: moved.directory + "/install-target", encoding: .utf8) == moved.directory + "\n")
        #expect(counterLines(dir).count == 2)
    }

    @Test func runsSharingAStoreCompileEachPackageOnce() async throws {
        let dir = try TemporaryDirectory()
        let package = try recorder(dir, seconds: 1)
        let compilers = try (0..<3).map { _ in try compiler(dir) }
        let results = try await withThrowingTaskGroup(of: StoredPackage.Origin.self) { group in
            for compiler in compilers {
                group.addTask { try #require(try await compiler.compile(["rec"], from: [package])["rec"]).origin }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter { $0 == .compiled }.count == 1)
        #expect(results.filter { $0 == .cached }.count == 2)
        #expect(counterLines(dir) == ["rec"])
    }

    @Test func keysCoverFingerprintDependenciesAndPlatform() {
        let a = PackageStore.key(
            fingerprint: "f", precompiled: false, dependencyKeys: ["x": "1", "y": "2"], platform: "linux-x86_64")
        #expect(
            a
                == PackageStore.key(
                    fingerprint: "f", precompiled: false, dependencyKeys: ["y": "2", "x": "1"], platform: "linux-x86_64"
                ))
        #expect(
            a
                != PackageStore.key(
                    fingerprint: "f", precompiled: false, dependencyKeys: ["x": "1", "y": "3"], platform: "linux-x86_64"
                ))
        #expect(
            a
                != PackageStore.key(
                    fingerprint: "f", precompiled: false, dependencyKeys: ["x": "1", "y": "2"],
                    platform: "linux-aarch64"))
        #expect(
            a
                != PackageStore.key(
                    fingerprint: "g", precompiled: false, dependencyKeys: ["x": "1", "y": "2"], platform: "linux-x86_64"
                ))
        #expect(a.count == 32)
    }

    @Test func failingScriptReportsTheLogTailAndLeavesNoRecord() async throws {
        let dir = try TemporaryDirectory()
        let tarball = dir.path + "/bad.tgz"
        let sha = try SampleReleases.tarball(
            tarball,
            files: ["packaging": "for i in $(seq 1 40); do echo noise-$i; done\necho boom-marker >&2\nexit 3\n"])
        let bad = ReleasePackage(
            name: "bad", fingerprint: "fpbad", sha1: sha, dependencies: [], tarball: tarball, isCompiled: false)
        await #expect {
            try await compiler(dir).compile(["bad"], from: [bad])
        } throws: { error in
            guard case .compilationFailed(let package, let status, let logPath, let tail) = error as? ReleaseError
            else {
                return false
            }
            return package == "bad/fpbad" && status.contains("3") && logPath.hasSuffix("/bad.log")
                && tail.contains("boom-marker") && tail.contains("noise-40") && !tail.contains("noise-1\n")
                && tail.split(separator: "\n").count <= 20
        }
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/store")
        #expect(!entries.contains { $0.hasSuffix(".json") })
    }

    @Test func precompiledPackagesAreInstalledAsIs() async throws {
        let dir = try TemporaryDirectory()
        let tarball = dir.path + "/compiled_packages/pre.tgz"
        let sha = try SampleReleases.tarball(tarball, files: ["bin/tool": "#!/bin/sh\n"], executable: ["bin/tool"])
        let pre = ReleasePackage(
            name: "pre", fingerprint: "fp", sha1: sha, dependencies: [], tarball: tarball, isCompiled: true)
        let result = try await compiler(dir).compile(["pre"], from: [pre])
        let stored = try #require(result["pre"])
        #expect(stored.origin == .precompiled)
        #expect(FileManager.default.isExecutableFile(atPath: stored.directory + "/bin/tool"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/counter"))
        #expect(try await compiler(dir).compile(["pre"], from: [pre])["pre"]?.origin == .cached)
    }

    @Test func aTamperedPrecompiledTarballIsRefused() async throws {
        let dir = try TemporaryDirectory()
        let tarball = dir.path + "/compiled_packages/pre.tgz"
        let sha = try SampleReleases.tarball(tarball, files: ["bin/tool": "#!/bin/sh\n"])
        _ = try SampleReleases.tarball(tarball, files: ["bin/tool": "#!/bin/sh\necho tampered\n"])
        let pre = ReleasePackage(
            name: "pre", fingerprint: "fp", sha1: sha, dependencies: [], tarball: tarball, isCompiled: true)
        await #expect {
            try await compiler(dir).compile(["pre"], from: [pre])
        } throws: { error in
            guard case .digestMismatch(_, let member, let expected, _) = error as? ReleaseError else { return false }
            return member == tarball && expected.hasSuffix(sha.split(separator: ":").last.map(String.init) ?? sha)
        }
    }

    @Test func missingDependencyFailsBeforeAnythingRuns() async throws {
        let dir = try TemporaryDirectory()
        let lonely = ReleasePackage(
            name: "x", fingerprint: "f", sha1: "", dependencies: ["ghost"], tarball: "", isCompiled: false)
        await #expect(
            throws: ReleaseError.missingDependency(package: "x", dependency: "ghost", dependentKind: "package")
        ) {
            try await compiler(dir).compile(["x"], from: [lonely])
        }
    }
}

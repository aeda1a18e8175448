import DeployerSupport
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Compiles a CPI release's packages on this machine (spec release.md §6, §8.4) into a
/// `PackageStore`, each at the path it will run from, with its direct dependencies linked
/// into the `BOSH_PACKAGES_DIR` it compiles with, as bosh-cli lays them out. Independent
/// packages compile in parallel; each entry is locked while it is compiled, so other runs
/// sharing the store wait for it instead of compiling it again or reading it half-written.
public struct PackageCompiler: Sendable {
    /// Wraps the compilation of one package, e.g. to report it as a step. It must call the
    /// body once and return what the body returned.
    public typealias StepWrapper =
        @Sendable (PlannedPackage, @Sendable () async throws -> StoredPackage) async throws -> StoredPackage

    /// Where packages are compiled and kept.
    public let store: PackageStore
    /// Scratch space for extracted sources (subdirectories are removed after use).
    public let workDirectory: String
    /// Where each package's `<name>.log` goes (the output of `bash -x packaging`).
    public let logDirectory: String
    /// Part of the store key: compiled output is only reused on the same OS and architecture.
    public let platform: String
    /// Most packages compiled at once.
    public let maxParallel: Int
    /// Extra environment for packaging scripts (on top of the inherited environment).
    public let environment: [String: String]
    /// Longest one packaging script may run.
    public let timeout: Duration?
    private let archives: any ArchiveReader
    private let logger: Logger

    /// Creates a compiler.
    ///
    /// - Parameters:
    ///   - store: where packages are compiled and kept.
    ///   - workDirectory: scratch directory.
    ///   - logDirectory: per-package logs; defaults to `<workDirectory>/logs`.
    ///   - platform: store-key platform; defaults to `PackageCompiler.hostPlatform`.
    ///   - maxParallel: defaults to the number of active processors.
    ///   - environment: extra variables for the scripts.
    ///   - timeout: per-script limit, none by default.
    public init(
        store: PackageStore, workDirectory: String, logDirectory: String? = nil, platform: String? = nil,
        maxParallel: Int = ProcessInfo.processInfo.activeProcessorCount, environment: [String: String] = [:],
        timeout: Duration? = nil, archives: any ArchiveReader = LibArchiveReader(),
        logger: Logger = Logger(label: "deployer.compile")
    ) {
        self.store = store
        self.workDirectory = workDirectory
        self.logDirectory = logDirectory ?? workDirectory + "/logs"
        self.platform = platform ?? Self.hostPlatform
        self.maxParallel = max(1, maxParallel)
        self.environment = environment
        self.timeout = timeout
        self.archives = archives
        self.logger = logger
    }

    /// `<os>-<machine>` of this host, e.g. `linux-x86_64`.
    public static var hostPlatform: String {
        var name = utsname()
        guard uname(&name) == 0 else { return "unknown" }
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        return "\(field(name.sysname).lowercased())-\(field(name.machine))"
    }

    /// The packages `names` need (the names and every dependency, transitively), in an order
    /// where each comes after its dependencies, with their store keys.
    ///
    /// - Throws: `ReleaseError.packageNotFound`, `.missingDependency` or `.dependencyCycle`
    ///   before anything runs.
    public func plan(_ names: [String], from packages: [ReleasePackage]) throws -> [PlannedPackage] {
        let byName = Dictionary(packages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var selected: [String: [String]] = [:]
        var queue = names
        while let name = queue.popLast() {
            guard selected[name] == nil else { continue }
            guard let package = byName[name] else { throw ReleaseError.packageNotFound(package: name) }
            for dependency in package.dependencies where byName[dependency] == nil {
                throw ReleaseError.missingDependency(package: name, dependency: dependency, dependentKind: "package")
            }
            selected[name] = package.dependencies
            queue.append(contentsOf: package.dependencies)
        }
        var keys: [String: String] = [:]
        var planned: [PlannedPackage] = []
        for name in try PackageGraph(dependencies: selected).topologicalOrder {
            guard let package = byName[name] else { continue }
            let dependencyKeys = Dictionary(
                package.dependencies.map { ($0, keys[$0] ?? $0) }, uniquingKeysWith: { first, _ in first })
            let key = PackageStore.key(
                fingerprint: package.fingerprint, precompiled: package.isCompiled, dependencyKeys: dependencyKeys,
                platform: platform)
            keys[name] = key
            planned.append(PlannedPackage(package: package, key: key, dependencies: package.dependencies))
        }
        return planned
    }

    /// Compiles (or finds intact in the store) every package of `plan`. A package starts as
    /// soon as its dependencies are done, at most `maxParallel` at once, preferring plan order.
    ///
    /// - Parameters:
    ///   - plan: from `plan(_:from:)`.
    ///   - around: wraps each package's compilation (reporting).
    /// - Returns: the stored packages by name.
    /// - Throws: `ReleaseError.compilationFailed` with the script's log tail; archive and I/O
    ///   errors naming the path.
    public func compile(
        _ plan: [PlannedPackage], around: @escaping StepWrapper = { _, body in try await body() }
    ) async throws -> [String: StoredPackage] {
        let store = try self.store.prepared()
        var done: [String: StoredPackage] = [:]
        var pending = plan
        try await withThrowingTaskGroup(of: StoredPackage.self) { group in
            var running = 0
            while true {
                while running < maxParallel,
                    let index = pending.firstIndex(where: { $0.dependencies.allSatisfy { done[$0] != nil } })
                {
                    let planned = pending.remove(at: index)
                    let dependencies = planned.dependencies.compactMap { done[$0] }
                    // An intact entry is reported at once, in plan order, rather than from a
                    // task racing the others: a warm install reads as bosh-cli's, line by line.
                    if let intact = await runOnDedicatedThread({
                        Self.intactEntry(planned, dependencies: dependencies, store: store)
                    }) {
                        done[planned.name] = try await around(planned) { intact }
                        continue
                    }
                    running += 1
                    group.addTask {
                        try await around(planned) {
                            try await self.compileOne(planned, dependencies: dependencies, store: store)
                        }
                    }
                }
                guard let stored = try await group.next() else { break }
                running -= 1
                done[stored.name] = stored
            }
        }
        return done
    }

    /// The package as stored, when its entry is complete and intact; nil when it must be
    /// compiled (or waited for, should another run be compiling it).
    private static func intactEntry(
        _ planned: PlannedPackage, dependencies: [StoredPackage], store: PackageStore
    ) -> StoredPackage? {
        let links = Dictionary(dependencies.map { ($0.name, $0.directory) }, uniquingKeysWith: { first, _ in first })
        guard store.intactRecord(key: planned.key, name: planned.name, dependencies: links) != nil else { return nil }
        return StoredPackage(
            name: planned.name, fingerprint: planned.fingerprint, key: planned.key,
            entryDirectory: store.entryDirectory(key: planned.key), origin: .cached)
    }

    private func compileOne(
        _ planned: PlannedPackage, dependencies: [StoredPackage], store: PackageStore
    ) async throws -> StoredPackage {
        let links = Dictionary(dependencies.map { ($0.name, $0.directory) }, uniquingKeysWith: { first, _ in first })
        let entry = store.entryDirectory(key: planned.key)
        func stored(_ origin: StoredPackage.Origin) -> StoredPackage {
            StoredPackage(
                name: planned.name, fingerprint: planned.fingerprint, key: planned.key, entryDirectory: entry,
                origin: origin)
        }
        let lock = try await PackageStoreLock.acquire(store.lockPath(key: planned.key)) {
            logger.info("waiting for another run compiling the same package", metadata: ["package": "\(planned.name)"])
        }
        // Held until this function returns: the flock lives as long as the object.
        defer { withExtendedLifetime(lock) {} }
        // Another run may have finished it while we waited.
        if await runOnDedicatedThread({ store.intactRecord(key: planned.key, name: planned.name, dependencies: links) })
            != nil
        {
            return stored(.cached)
        }
        try store.resetEntry(key: planned.key, name: planned.name, dependencies: links)
        if planned.package.isCompiled {
            try await installPrecompiled(planned.package, into: planned.directory(in: store))
        } else {
            try await runPackaging(planned.package, entry: entry)
        }
        try store.seal(
            key: planned.key, name: planned.name, fingerprint: planned.fingerprint, dependencies: links,
            precompiled: planned.package.isCompiled)
        return stored(planned.package.isCompiled ? .precompiled : .compiled)
    }

    private func installPrecompiled(_ package: ReleasePackage, into target: String) async throws {
        let archives = self.archives
        try await ReleaseReader(archives: archives).extractPending(package)
        try await runOnDedicatedThread {
            let digests = try withContext("Installing compiled package '\(package.name)'") {
                try archives.extract(tarball: package.tarball, to: target)
            }
            let expected = try MultiDigest(parsing: package.sha1).strongest
            if let actual = digests.digest(for: expected.algorithm), actual.hex != expected.hex {
                throw ReleaseError.digestMismatch(
                    release: "compiled package '\(package.name)'", member: package.tarball,
                    expected: expected.description, actual: actual.description)
            }
        }
    }

    /// Runs `bash -x packaging` with bosh-cli's variables: the package compiles straight
    /// into `<entry>/<name>`, with `<entry>` as `BOSH_PACKAGES_DIR`.
    private func runPackaging(_ package: ReleasePackage, entry: String) async throws {
        let scratch = try FileTree.makeTemporaryDirectory(prefix: package.name, under: workDirectory)
        defer { try? FileTree.remove(scratch) }
        let source = scratch + "/source"
        let archives = self.archives
        try await ReleaseReader(archives: archives).extractPending(package)
        try await runOnDedicatedThread {
            try FileTree.createDirectory(source)
            try withContext("Extracting source package '\(package.name)'") {
                _ = try archives.extract(tarball: package.tarball, to: source)
            }
        }
        guard FileKind(of: source + "/packaging") == .file else {
            throw ReleaseError.missingFile(path: "packaging script of package '\(package.name)'")
        }
        try FileTree.createDirectory(logDirectory)
        let logPath = logDirectory + "/\(package.name).log"
        try? FileTree.remove(logPath)
        var env = environment
        env["BOSH_COMPILE_TARGET"] = source
        env["BOSH_INSTALL_TARGET"] = entry + "/" + package.name
        env["BOSH_PACKAGES_DIR"] = entry
        env["BOSH_PACKAGE_NAME"] = package.name
        // bosh-cli leaves BOSH_PACKAGE_VERSION unset locally; the agent sets it. Setting it
        // here too lets one script work in both places.
        env["BOSH_PACKAGE_VERSION"] = package.fingerprint
        logger.debug("compiling package", metadata: ["package": "\(package.name)", "log": "\(logPath)"])
        let result = try await ProcessRunner().run(
            .init(
                executable: "bash", arguments: ["-x", "packaging"], environment: .inherit(overrides: env),
                workingDirectory: source, timeout: timeout),
            appendingOutputTo: logPath)
        guard result.exitStatus.isSuccess else {
            let tail = ProcessRunner.lastLines(20, ofFile: logPath).joined(separator: "\n")
            throw ReleaseError.compilationFailed(
                package: "\(package.name)/\(package.fingerprint)", exitStatus: "\(result.exitStatus)", logPath: logPath,
                logTail: tail)
        }
    }
}

extension PlannedPackage {
    /// Where the package is compiled to and runs from in `store`.
    func directory(in store: PackageStore) -> String { store.entryDirectory(key: key) + "/" + name }
}

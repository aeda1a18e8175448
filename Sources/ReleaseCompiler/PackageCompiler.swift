import DeployerSupport
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Compiles source packages locally by running their `packaging` scripts (spec release.md §6,
/// §8.4), dependency level by dependency level, independent packages in parallel, every
/// result cached by content in a `CompiledPackageCache`.
///
/// Unlike bosh-cli, each compilation gets its own packages directory holding only its direct
/// dependencies, so parallel compilations cannot see each other's half-written output.
public struct PackageCompiler: Sendable {
    /// Where compiled packages are looked up and stored.
    public let cache: CompiledPackageCache
    /// Scratch space: sources, per-package packages directories, temporary tarballs.
    public let workDirectory: String
    /// Where each package's `<name>.log` goes (the build output of `bash -x packaging`).
    public let logDirectory: String
    /// Part of the cache key: compiled output is only reused on the same OS and architecture.
    public let platform: String
    /// Most packages compiled at once.
    public let maxParallel: Int
    /// Extra environment for packaging scripts (on top of the inherited environment).
    public let environment: [String: String]
    /// Longest one packaging script may run.
    public let timeout: Duration?
    private let archives: any ArchiveReader
    private let writer: any ArchiveWriter
    private let logger: Logger

    /// Creates a compiler.
    ///
    /// - Parameters:
    ///   - cache: the compiled package cache.
    ///   - workDirectory: scratch directory (created; subdirectories are removed after use).
    ///   - logDirectory: per-package logs; defaults to `<workDirectory>/logs`.
    ///   - platform: cache-key platform; defaults to `PackageCompiler.hostPlatform`.
    ///   - maxParallel: defaults to the number of active processors.
    ///   - environment: extra variables for the scripts.
    ///   - timeout: per-script limit, none by default.
    public init(
        cache: CompiledPackageCache, workDirectory: String, logDirectory: String? = nil, platform: String? = nil,
        maxParallel: Int = ProcessInfo.processInfo.activeProcessorCount, environment: [String: String] = [:],
        timeout: Duration? = nil, archives: any ArchiveReader = LibArchiveReader(),
        writer: any ArchiveWriter = LibArchiveWriter(), logger: Logger = Logger(label: "deployer.compile")
    ) {
        self.cache = cache
        self.workDirectory = workDirectory
        self.logDirectory = logDirectory ?? workDirectory + "/logs"
        self.platform = platform ?? Self.hostPlatform
        self.maxParallel = max(1, maxParallel)
        self.environment = environment
        self.timeout = timeout
        self.archives = archives
        self.writer = writer
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

    /// Compiles `names` (and nothing else: callers pass a dependency-closed set, e.g. from
    /// `ExtractedRelease.packages(forJobs:)`) from `packages`.
    ///
    /// - Parameters:
    ///   - names: the packages to compile.
    ///   - packages: all packages of the release, by which names are resolved.
    ///   - progress: called when each package is done (cached, compiled or precompiled).
    /// - Returns: compiled packages by name.
    /// - Throws: `ReleaseError.missingDependency` / `.dependencyCycle` before anything runs;
    ///   `ReleaseError.compilationFailed` with the script's log tail; archive errors.
    public func compile(
        _ names: [String], from packages: [ReleasePackage],
        progress: @escaping @Sendable (CompiledPackage) -> Void = { _ in }
    ) async throws -> [String: CompiledPackage] {
        let byName = Dictionary(packages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var selected: [String: [String]] = [:]
        for name in names {
            guard let package = byName[name] else {
                throw ReleaseError.packageNotFound(package: name)
            }
            for dep in package.dependencies where !names.contains(dep) && byName[dep] == nil {
                throw ReleaseError.missingDependency(package: name, dependency: dep, dependentKind: "package")
            }
            selected[name] = package.dependencies
        }
        // Dependencies outside `names` are pulled in so the graph is closed.
        var queue = Array(selected.values.joined())
        while let dep = queue.popLast() {
            guard selected[dep] == nil, let package = byName[dep] else { continue }
            selected[dep] = package.dependencies
            queue.append(contentsOf: package.dependencies)
        }
        let graph = try PackageGraph(dependencies: selected)
        var done: [String: CompiledPackage] = [:]
        for level in graph.levels {
            let finished = done
            let results = try await withThrowingTaskGroup(of: CompiledPackage.self) { group in
                var pending = level[...]
                var collected: [CompiledPackage] = []
                func startNext() {
                    guard let name = pending.popFirst(), let package = byName[name] else { return }
                    let deps = package.dependencies.compactMap { finished[$0] }
                    group.addTask { try await self.compileOne(package, dependencies: deps) }
                }
                for _ in 0..<min(maxParallel, level.count) { startNext() }
                while let result = try await group.next() {
                    progress(result)
                    collected.append(result)
                    startNext()
                }
                return collected
            }
            for result in results { done[result.name] = result }
        }
        return done
    }

    /// Extracts each compiled package into `<directory>/<name>`, verifying its digest, after
    /// emptying `directory` (it must be dedicated to packages).
    ///
    /// - Throws: `ReleaseError.digestMismatch` for a corrupted cache entry; `ArchiveError`.
    public func install(_ compiled: [CompiledPackage], into directory: String) async throws {
        let archives = self.archives
        try await offload {
            FileTree.remove(directory)
            try FileTree.createDirectory(directory)
            for package in compiled.sorted(by: { $0.name < $1.name }) {
                try Self.extractVerified(package, into: directory + "/" + package.name, archives: archives)
            }
        }
    }

    static func extractVerified(_ package: CompiledPackage, into target: String, archives: any ArchiveReader) throws {
        try FileTree.createDirectory(target)
        let digests = try withContext("Installing compiled package '\(package.name)'") {
            try archives.extract(tarball: package.tarball, to: target)
        }
        let expected = try MultiDigest(parsing: package.sha1).strongest
        if let actual = digests.digest(for: expected.algorithm), actual.hex != expected.hex {
            throw ReleaseError.digestMismatch(
                release: "compiled package cache", member: package.tarball, expected: expected.description,
                actual: actual.description)
        }
    }

    private func compileOne(_ package: ReleasePackage, dependencies: [CompiledPackage]) async throws -> CompiledPackage {
        let key = CompiledPackageCache.key(
            fingerprint: package.fingerprint, dependencyKeys: dependencies.map { "\($0.name):\($0.cacheKey)" },
            platform: package.isCompiled ? "precompiled" : platform)
        if let cached = await cache.lookup(key: key) {
            logger.debug("compiled package cache hit", metadata: ["package": "\(package.name)", "key": "\(key)"])
            return cached
        }
        if package.isCompiled {
            return try await cache.store(
                key: key, name: package.name, fingerprint: package.fingerprint, tarball: package.tarball, copy: true,
                origin: .precompiled)
        }
        let scratch = try FileTree.makeTemporaryDirectory(prefix: package.name, under: workDirectory)
        defer { FileTree.remove(scratch) }
        let source = scratch + "/source"
        let packagesDir = scratch + "/packages"
        let installTarget = packagesDir + "/" + package.name
        let archives = self.archives
        try await offload {
            try FileTree.createDirectory(source)
            try withContext("Extracting source package '\(package.name)'") {
                _ = try archives.extract(tarball: package.tarball, to: source)
            }
            for dep in dependencies {
                try Self.extractVerified(dep, into: packagesDir + "/" + dep.name, archives: archives)
            }
            try FileTree.createDirectory(installTarget)
        }
        guard FileTree.kind(source + "/packaging") == .file else {
            throw ReleaseError.missingFile(path: "packaging script of package '\(package.name)'")
        }
        try FileTree.createDirectory(logDirectory)
        let logPath = logDirectory + "/\(package.name).log"
        FileTree.remove(logPath)
        var env = environment
        env["BOSH_COMPILE_TARGET"] = source
        env["BOSH_INSTALL_TARGET"] = installTarget
        env["BOSH_PACKAGES_DIR"] = packagesDir
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
        let tarball = scratch + "/compiled.tgz"
        let writer = self.writer
        try await offload {
            _ = try writer.writeTarball(from: installTarget, to: tarball, options: ArchiveWriteOptions())
        }
        return try await cache.store(
            key: key, name: package.name, fingerprint: package.fingerprint, tarball: tarball, copy: false,
            origin: .compiled)
    }
}

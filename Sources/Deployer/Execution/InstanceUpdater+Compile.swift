import AgentClient
import AgentProtocol
import DeployerSupport
import Foundation
import ReleaseCompiler

extension InstanceUpdater {
    /// Uploads every package the jobs need and compiles source packages on the VM; compiled
    /// packages in the release are used as they are. Up to `options.maxParallelCompiles`
    /// packages (and never more than `agentTaskQueueLimit`) are in flight at once, each only
    /// after its dependencies finished; with 1 the order is exactly bosh-cli's serial
    /// dependency order.
    ///
    /// A package the VM compiled is fetched into the local cache in a task of its own (at most
    /// `compiledDownloadLimit` at once) while the packages that depend on it already compile;
    /// the downloads still running when the last package compiled are waited for in the step
    /// `Downloading compiled packages`, so none outlives this call. A failure cancels them.
    /// - Returns: the compiled packages by name, for the apply spec.
    /// - Throws: the first failure, wrapped in a `ContextError` naming the package's step.
    func compilePackages(
        extracted: [(name: String, release: ExtractedRelease)], context: InstanceContext, stage: any Stage
    ) async throws -> [String: PackageReference] {
        let items = try compilePlan(extracted: extracted, context: context)
        let limit = min(max(1, options.maxParallelCompiles), Self.agentTaskQueueLimit)
        return try await withThrowingTaskGroup(of: CompileTaskResult.self) { group in
            var compiled: [String: PackageReference] = [:]
            var started = Set<Int>()
            var finished = Set<Int>()
            var running = 0
            var downloads = CompiledPackageDownloadQueue(limit: Self.compiledDownloadLimit)
            // Lowest index first among the ready ones: the plan is in dependency order, so
            // with a limit of 1 this is the serial order.
            func startReady() {
                for index in items.indices where running < limit && !started.contains(index) {
                    let item = items[index]
                    guard item.dependencyIndices.allSatisfy(finished.contains) else { continue }
                    started.insert(index)
                    running += 1
                    var dependencies: [String: PackageReference] = [:]
                    for dependency in item.package.dependencies { dependencies[dependency] = compiled[dependency] }
                    let ready = dependencies
                    group.addTask {
                        .compiled(
                            index, try await compileOnVM(item, dependencies: ready, context: context, stage: stage))
                    }
                }
            }
            func startDownloads() {
                while let download = downloads.next() {
                    group.addTask {
                        await keepCompiled(download, context: context, stage: stage)
                        return .downloaded
                    }
                }
            }
            func record(_ result: CompileTaskResult) {
                switch result {
                case .compiled(let index, let made):
                    running -= 1
                    finished.insert(index)
                    compiled[items[index].package.name] = made.reference
                    if let download = made.download { downloads.enqueue(download) }
                    startReady()
                case .downloaded:
                    downloads.end()
                }
                startDownloads()
            }
            startReady()
            while finished.count < items.count, let result = try await group.next() {
                record(result)
            }
            // Shown whenever the VM compiled something, even if every download already ended,
            // so the steps of a run do not depend on timing.
            guard downloads.total > 0 else { return compiled }
            try await stage.step(Self.compiledDownloadStep) {
                stage.progress(Self.compiledDownloadStep, .items(done: downloads.ended, total: downloads.total))
                while !downloads.allEnded, let result = try await group.next() {
                    record(result)
                    stage.progress(Self.compiledDownloadStep, .items(done: downloads.ended, total: downloads.total))
                }
                // An interrupted download ends quietly; the step must not then read as finished.
                try Task.checkCancellation()
            }
            return compiled
        }
    }

    /// What a task of `compilePackages`' group reports.
    private enum CompileTaskResult: Sendable {
        /// Plan entry `index` is on the VM.
        case compiled(Int, CompiledOnVM)
        /// A download into the local cache ended, kept or not.
        case downloaded
    }

    /// A package on the VM, and the download that keeps it when the VM compiled it.
    private struct CompiledOnVM: Sendable {
        var reference: PackageReference?
        var download: CompiledPackageDownload?
    }

    /// Most `compile_package` tasks sent to the agent at once, whatever `--parallel` says.
    /// bosh-agent runs async tasks one at a time and queues at most 5 more; beyond that the
    /// HTTP request of the next action blocks until a slot frees (agent/task/
    /// async_task_service.go), which can outlast the request timeout during a long compile.
    /// A few queued tasks already keep the agent busy while the next uploads run.
    static let agentTaskQueueLimit = 5

    /// One package to put on the VM, with its cache key and the plan entries it waits for.
    private struct VMCompileItem: Sendable {
        var package: ReleasePackage
        var cacheKey: String
        var dependencyIndices: [Int]
    }

    /// Every package the instance group's jobs need, release by release in dependency order
    /// (a name already planned from an earlier release is not planned again), with the cache
    /// keys that only depend on the plan, so they are known before anything runs.
    private func compilePlan(
        extracted: [(name: String, release: ExtractedRelease)], context: InstanceContext
    ) throws -> [VMCompileItem] {
        let job = context.prepared.job
        let stemcell = context.prepared.stemcell
        let platform = CompiledPackageKeys.platform(
            operatingSystem: stemcell.operatingSystem, stemcellVersion: stemcell.version)
        var items: [VMCompileItem] = []
        var indexByName: [String: Int] = [:]
        for (name, release) in extracted {
            let jobNames = job.templates.filter { $0.release == name }.map(\.name)
            let needed = Set(try release.packages(forJobs: jobNames))
            // A name planned from an earlier release keeps that package's key: its dependents
            // here are compiled against it.
            let keys = try CompiledPackageKeys.keys(
                of: release.packages.map(CompiledPackageKeys.Package.init), platform: platform,
                resolved: indexByName.mapValues { items[$0].cacheKey })
            for packageName in try release.packageGraph().topologicalOrder where needed.contains(packageName) {
                guard let package = release.package(named: packageName), indexByName[packageName] == nil,
                    let key = keys[packageName]
                else {
                    continue
                }
                indexByName[packageName] = items.count
                items.append(
                    VMCompileItem(
                        package: package, cacheKey: key,
                        dependencyIndices: package.dependencies.compactMap { indexByName[$0] }))
            }
        }
        return items
    }

    /// `Compiling package '<name>/<fingerprint>'...`: uploads a compiled package as it is, or
    /// one compiled on an earlier VM from the cache, or the source package for the agent to
    /// compile against `dependencies`.
    /// - Returns: the package as the apply spec names it, and the download that keeps it in the
    ///   local cache when the VM compiled it (nil without a cache).
    private func compileOnVM(
        _ item: VMCompileItem, dependencies: [String: PackageReference], context: InstanceContext, stage: any Stage
    ) async throws -> CompiledOnVM {
        let package = item.package
        let stepName = "Compiling package '\(package.name)/\(package.fingerprint)'"
        var made = CompiledOnVM()
        _ = try await withContext(stepName) {
            try await stage.performOrSkip(stepName) {
                if package.isCompiled {
                    let blob = try await context.blobs.uploadBlob(
                        file: package.tarball, expectedDigest: package.sha1, algorithm: .sha1)
                    made.reference = reference(package, sha1: blob.sha1, blobID: blob.blobstoreID)
                    return StepOutcome<Void>.skipped(reason: "Package already compiled")
                }
                if let cached = await compiledPackages?.lookup(key: item.cacheKey) {
                    // Compiled on an earlier VM of the same stemcell: upload, do not compile. The
                    // cached file is hashed while it is sent, since it may have changed on disk
                    // since it was stored; a damaged entry is compiled again instead.
                    let recorded = MultiDigest.strongestSupported(in: cached.sha1)
                    let blob = try await context.blobs.uploadBlob(
                        file: cached.tarball, expectedDigest: nil, algorithm: recorded?.algorithm ?? .sha1)
                    if let recorded, MultiDigest.strongestSupported(in: blob.sha1) == recorded {
                        made.reference = reference(package, sha1: blob.sha1, blobID: blob.blobstoreID)
                        return StepOutcome<Void>.skipped(reason: "Package already compiled")
                    }
                    stage.warn(
                        "The cached compiled package '\(cached.tarball)' does not match its recorded digest; "
                            + "compiling '\(package.name)' again")
                }
                let blob = try await context.blobs.uploadBlob(
                    file: package.tarball, expectedDigest: package.sha1, algorithm: .sha1)
                let result = try await context.agent.compilePackage(
                    CompilePackageArguments(
                        blobID: blob.blobstoreID, digest: blob.sha1, name: package.name,
                        version: package.fingerprint, dependencies: dependencies))
                made.reference = reference(package, sha1: result.sha1, blobID: result.blobstoreID)
                if compiledPackages != nil {
                    made.download = CompiledPackageDownload(blob: result, cacheKey: item.cacheKey, package: package)
                }
                return .completed(())
            }
        }
        return made
    }

    private func reference(_ package: ReleasePackage, sha1: String, blobID: BlobID) -> PackageReference {
        PackageReference(name: package.name, version: package.fingerprint, sha1: sha1, blobstoreID: blobID)
    }
}

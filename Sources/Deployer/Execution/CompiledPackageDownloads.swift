import AgentProtocol
import Foundation
import ReleaseCompiler

/// A package the VM compiled, to be fetched from the agent's blob store into the local
/// compiled-package cache for later VMs.
struct CompiledPackageDownload: Sendable {
    /// The compiled blob, as `compile_package` answered.
    var blob: BlobReference
    var cacheKey: String
    var package: ReleasePackage
}

/// The compiled packages waiting to be fetched and how many are being fetched, so that
/// `compilePackages` never runs more than `limit` downloads at once.
struct CompiledPackageDownloadQueue {
    let limit: Int
    private var waiting: [CompiledPackageDownload] = []
    private var running = 0
    /// Every download ever queued.
    private(set) var total = 0
    /// Downloads that ended, kept or not.
    private(set) var ended = 0

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// True once every queued download has ended.
    var allEnded: Bool { ended == total }

    mutating func enqueue(_ download: CompiledPackageDownload) {
        waiting.append(download)
        total += 1
    }

    /// The next download to start, oldest first, while fewer than `limit` run.
    mutating func next() -> CompiledPackageDownload? {
        guard running < limit, !waiting.isEmpty else { return nil }
        running += 1
        return waiting.removeFirst()
    }

    mutating func end() {
        running -= 1
        ended += 1
    }
}

extension InstanceUpdater {
    /// Downloads of compiled packages at once. They are served by the agent of the VM that is
    /// still compiling, whose disk and network the next uploads and `packaging` scripts need.
    static let compiledDownloadLimit = 2

    /// The step that waits for the downloads still running when the last package compiled.
    static let compiledDownloadStep = "Downloading compiled packages"

    /// Fetches a package the VM compiled into the local cache. A failure only costs a
    /// compilation on the next VM, so it is a warning; a cancelled download (Ctrl-C, a
    /// failed compilation) is neither kept nor reported, and leaves no file behind.
    func keepCompiled(_ download: CompiledPackageDownload, context: InstanceContext, stage: any Stage) async {
        guard let cache = compiledPackages, !Task.isCancelled else { return }
        let package = download.package
        let file = context.work + "/compiled-\(package.name).tgz"
        do {
            try await context.blobs.downloadBlob(
                download.blob.blobstoreID, to: file, expectedDigest: download.blob.sha1)
            try Task.checkCancellation()
            _ = try await cache.store(
                key: download.cacheKey, name: package.name, fingerprint: package.fingerprint, tarball: file,
                copy: false, origin: .compiled)
        } catch {
            try? FileManager.default.removeItem(atPath: file)
            guard !Task.isCancelled else { return }
            stage.warn(
                "The compiled package '\(package.name)/\(package.fingerprint)' was not kept in the local cache "
                    + "(the next VM compiles it again): \(error)")
        }
    }
}

import AgentClient
import DeployerSupport
import Foundation

/// Makes the manifest's releases and stemcell available as local files, checked against
/// their digests, fetching remote ones concurrently into a cache keyed by content digest.
///
/// - Local paths and `file://` URLs are used in place. Their digest is computed, or taken from
///   `digestMemo` while the file is unchanged since it was hashed; it is verified against the
///   manifest's `sha1` when one is given. bosh-cli ignores `sha1` for
///   `file://` (installation/tarball/provider.go); set `verifyLocalDigests` to false for that.
/// - `http(s)://` URLs need a `sha1`. The cache file is `<downloads>/<algorithm>-<hex>` of the
///   manifest's strongest digest, so the same content is shared whatever URL served it
///   (bosh-cli keys on sha1(url) + sha1 instead). A cache hit is re-hashed before use: the
///   cost is one local read, and a truncated or tampered file is replaced instead of failing
///   later inside extraction. Misses are downloaded to a temporary file in the cache
///   directory, verified, and renamed into place, so the cache never holds bad content.
public struct ArtifactResolver: Sendable {
    /// Where downloads are cached: `<deployer home>/downloads`.
    public let downloadsDirectory: String
    /// Expands `file://~/...`; nil leaves such paths unexpanded.
    public let userHomeDirectory: String?
    /// Fetches remote tarballs.
    public let downloader: any ArtifactDownloader
    /// At most this many artifacts are fetched or hashed at the same time.
    public let maxConcurrency: Int
    /// Whether a local file's digest must match the manifest's `sha1` when one is given.
    public let verifyLocalDigests: Bool
    /// Receives `Downloading ...` steps, their progress, and warnings.
    public let sink: any EventSink
    /// Times the steps.
    public let clock: any DeployClock
    /// The enclosing stage names for the events (e.g. `["validating"]`).
    public let stagePath: [String]
    /// Digests of local files (and cached downloads) kept across runs; nil hashes every time.
    public let digestMemo: FileDigestMemo?

    /// Creates a resolver; nothing is read or created until `resolve` runs.
    /// - Parameters:
    ///   - deployerHome: the deployer's home (`$DEPLOYER_HOME`); downloads go to its `downloads/`.
    ///   - userHomeDirectory: expands `file://~/...`.
    ///   - downloader: fetches http(s) URLs (an `HTTPDownloader` in production).
    ///   - maxConcurrency: parallel fetches and hashes, at least 1.
    ///   - verifyLocalDigests: check local files against a given `sha1` (bosh-cli does not).
    ///   - sink: progress events.
    ///   - clock: times the steps.
    ///   - stagePath: enclosing stage names for the events.
    ///   - digestMemo: remembers digests of unchanged files across runs.
    public init(
        deployerHome: String, userHomeDirectory: String? = nil, downloader: any ArtifactDownloader,
        maxConcurrency: Int = 4, verifyLocalDigests: Bool = true, sink: any EventSink = DiscardingEventSink(),
        clock: any DeployClock = SystemDeployClock(), stagePath: [String] = [], digestMemo: FileDigestMemo? = nil
    ) {
        self.downloadsDirectory = (deployerHome as NSString).appendingPathComponent("downloads")
        self.userHomeDirectory = userHomeDirectory
        self.downloader = downloader
        self.maxConcurrency = max(1, maxConcurrency)
        self.verifyLocalDigests = verifyLocalDigests
        self.sink = sink
        self.clock = clock
        self.stagePath = stagePath
        self.digestMemo = digestMemo
    }

    /// Resolves every request, at most `maxConcurrency` at a time.
    /// - Returns: one artifact per request, in the order of `requests`.
    /// - Throws: the first `ArtifactError` (the other fetches are then cancelled);
    ///   `CancellationError`.
    public func resolve(_ requests: [ArtifactRequest]) async throws -> [ResolvedArtifact] {
        try await withThrowingTaskGroup(of: (Int, ResolvedArtifact).self) { group in
            var results = [ResolvedArtifact?](repeating: nil, count: requests.count)
            var next = 0
            func startNext() {
                let index = next
                let request = requests[index]
                next += 1
                group.addTask { (index, try await self.resolve(request)) }
            }
            while next < min(maxConcurrency, requests.count) { startNext() }
            while let (index, artifact) = try await group.next() {
                results[index] = artifact
                if next < requests.count { startNext() }
            }
            return results.compactMap { $0 }
        }
    }

    /// Resolves one request.
    /// - Throws: `ArtifactError`; `CancellationError`.
    public func resolve(_ request: ArtifactRequest) async throws -> ResolvedArtifact {
        let expected = try expectedDigest(of: request)
        switch ArtifactLocation(url: request.url, userHomeDirectory: userHomeDirectory) {
        case .local(let path):
            return try await resolveLocal(request, path: path, expected: verifyLocalDigests ? expected : nil)
        case .remote(let url):
            return try await resolveRemote(request, url: url, expected: expected)
        case .relative(let path):
            throw error(request, path, .relativePath)
        case .unsupported(let url):
            throw error(request, DownloadURL.masked(url), .unsupportedURL)
        }
    }

    // MARK: - Local files

    private func resolveLocal(
        _ request: ArtifactRequest, path: String, expected: MultiDigest?
    ) async throws
        -> ResolvedArtifact
    {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw error(request, path, .fileNotFound)
        }
        guard !isDirectory.boolValue else { throw error(request, path, .notAFile) }
        let (digest, size) = try await hash(request, path: path, expected: expected)
        if let expected { try verify(request, location: path, computed: digest, expected: expected) }
        return ResolvedArtifact(
            name: request.name, kind: request.kind, localPath: path, digest: digest, size: size, origin: .local)
    }

    // MARK: - Downloads

    private func resolveRemote(
        _ request: ArtifactRequest, url: String, expected: MultiDigest?
    ) async throws
        -> ResolvedArtifact
    {
        let masked = DownloadURL.masked(url)
        guard let expected else { throw error(request, masked, .missingDigest) }
        let strongest = expected.strongest
        let cachePath = (downloadsDirectory as NSString)
            .appendingPathComponent("\(strongest.algorithm.name)-\(strongest.hex)")
        let step = "Downloading \(request.label)"
        sink.emit(.stageStarted(path: stagePath, name: step, kind: .simple))
        let start = clock.elapsed()
        do {
            if let cached = try await cachedArtifact(request, at: cachePath, expected: expected) {
                sink.emit(
                    .stageSkipped(
                        path: stagePath, name: step, reason: "Found \(request.label) in local cache",
                        duration: clock.elapsed() - start))
                return cached
            }
            let artifact = try await download(
                request, url: url, masked: masked, to: cachePath, expected: expected, step: step)
            sink.emit(.stageFinished(path: stagePath, name: step, kind: .simple, duration: clock.elapsed() - start))
            return artifact
        } catch {
            sink.emit(
                .stageFailed(
                    path: stagePath, name: step, kind: .simple, duration: clock.elapsed() - start,
                    error: String(describing: error)))
            throw error
        }
    }

    /// The cached file when present and still matching; a corrupt one is removed.
    private func cachedArtifact(
        _ request: ArtifactRequest, at path: String, expected: MultiDigest
    ) async throws
        -> ResolvedArtifact?
    {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let (digest, size) = try await hash(request, path: path, expected: expected)
        do {
            try verify(request, location: path, computed: digest, expected: expected)
        } catch {
            sink.emit(
                .warning(
                    "The cached copy of \(request.label) at '\(path)' does not match its digest any more; "
                        + "it was removed and will be downloaded again"))
            unlink(path)
            return nil
        }
        return ResolvedArtifact(
            name: request.name, kind: request.kind, localPath: path, digest: digest, size: size, origin: .cache)
    }

    private func download(
        _ request: ArtifactRequest, url: String, masked: String, to cachePath: String, expected: MultiDigest,
        step: String
    ) async throws -> ResolvedArtifact {
        do {
            try FileManager.default.createDirectory(
                atPath: downloadsDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        } catch {
            throw self.error(
                request, masked,
                .cache(path: downloadsDirectory, detail: SystemErrorText.reason(for: error, path: downloadsDirectory)))
        }
        let sink = self.sink
        let path = stagePath
        let progress: @Sendable (Int64, Int64?) -> Void = { done, total in
            sink.emit(.progress(path: path, name: step, amount: .bytes(done: done, total: total)))
        }
        do {
            _ = try await downloader.fetch(url: url, to: cachePath, expectedDigest: expected, progress: progress)
        } catch let failure as DownloadError {
            if case .digestMismatch(let expectedText, let actual) = failure.reason {
                throw error(request, masked, .digestMismatch(expected: expectedText, actual: actual))
            }
            throw error(request, masked, .download(detail: failure.description))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw self.error(request, masked, .download(detail: String(describing: error)))
        }
        // A second pass computes every digest the result carries (the transfer hashed only
        // the one it verified) and re-checks what landed in the cache.
        let (digest, size) = try await hash(request, path: cachePath, expected: expected)
        do {
            try verify(request, location: masked, computed: digest, expected: expected)
        } catch {
            unlink(cachePath)
            throw error
        }
        return ResolvedArtifact(
            name: request.name, kind: request.kind, localPath: cachePath, digest: digest, size: size,
            origin: .downloaded)
    }

    // MARK: - Digests

    private func expectedDigest(of request: ArtifactRequest) throws -> MultiDigest? {
        let text = request.sha1.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        let digest: MultiDigest
        do {
            digest = try MultiDigest(parsing: text)
        } catch {
            throw self.error(request, request.url, .invalidDigest(detail: error.description))
        }
        guard digest.strongest.algorithm.isSupported else {
            throw self.error(
                request, request.url,
                .invalidDigest(detail: "no supported algorithm in '\(text)' (supported: sha1, sha256, sha512)"))
        }
        return digest
    }

    private func hash(
        _ request: ArtifactRequest, path: String, expected: MultiDigest?
    ) async throws
        -> (MultiDigest, Int64)
    {
        let algorithms = ArtifactHasher.algorithms(for: expected)
        let before = FileIdentity(path: path)
        if let digestMemo, let before,
            let known = digestMemo.digests(of: path, identity: before, algorithms: algorithms)
        {
            return (known, before.size)
        }
        switch await ArtifactHasher.hash(path, algorithms: algorithms) {
        case .success(let value):
            if let digestMemo, let before {
                digestMemo.remember(value.0, of: path, before: before, after: FileIdentity(path: path))
            }
            return value
        case .failure(let failure): throw error(request, path, .unreadable(detail: failure.description))
        }
    }

    private func verify(
        _ request: ArtifactRequest, location: String, computed: MultiDigest, expected: MultiDigest
    )
        throws
    {
        let strongest = expected.strongest
        let actual = computed.digest(for: strongest.algorithm)
        guard let actual, actual.hex == strongest.hex else {
            throw error(
                request, location,
                .digestMismatch(expected: strongest.description, actual: actual?.description ?? "(not computed)"))
        }
    }

    private func error(_ request: ArtifactRequest, _ location: String, _ reason: ArtifactError.Reason) -> ArtifactError
    {
        ArtifactError(artifact: request.label, digestKey: request.digestKey, location: location, reason: reason)
    }
}

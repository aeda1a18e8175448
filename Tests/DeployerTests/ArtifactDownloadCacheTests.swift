import AgentClient
import DeployerSupport
import Foundation
import Testing

@testable import Deployer

/// The http(s) path of `ArtifactResolver`: cache by digest, re-verification, rejection of
/// corrupt content, events, concurrency and masked errors.
@Suite struct ArtifactDownloadCacheTests {
    private let url = "https://releases.example.com/cpi.tgz"

    private func resolver(
        _ scratch: ArtifactScratch, downloader: any ArtifactDownloader, maxConcurrency: Int = 4,
        sink: any EventSink = DiscardingEventSink()
    ) -> ArtifactResolver {
        ArtifactResolver(
            deployerHome: scratch.home, downloader: downloader, maxConcurrency: maxConcurrency, sink: sink,
            stagePath: ["validating"])
    }

    @Test func downloadsOnceThenHitsTheCache() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        let data = ArtifactScratch.tarball("cpi")
        let fake = FakeArtifactDownloader(bodies: [url: data])
        let events = ArtifactEventRecorder()
        let request = ArtifactRequest(name: "cpi", kind: .release, url: url, sha1: ArtifactScratch.sha1(data))

        let first = try await resolver(scratch, downloader: fake, sink: events).resolve(request)
        let cachePath = scratch.downloads + "/sha1-" + ArtifactScratch.sha1(data)
        #expect(first.origin == .downloaded)
        #expect(first.localPath == cachePath)
        #expect(FileManager.default.contents(atPath: cachePath) == data)
        #expect(first.digest.digest(for: .sha256)?.hex == ArtifactScratch.sha256(data))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: scratch.downloads) == [
                "sha1-" + ArtifactScratch.sha1(data)
            ])

        let second = try await resolver(scratch, downloader: fake, sink: events).resolve(request)
        #expect(second.origin == .cache)
        #expect(second.localPath == cachePath)
        #expect(second.digest == first.digest)
        #expect(fake.urls == [url])

        let step = "Downloading release 'cpi'"
        let names = events.all.map { event -> String in
            switch event {
            case .stageStarted(let path, let name, _): "started \(path) \(name)"
            case .stageFinished(_, let name, _, _): "finished \(name)"
            case .stageSkipped(_, let name, let reason, _): "skipped \(name) [\(reason)]"
            case .progress(_, let name, let amount): "progress \(name) \(amount)"
            default: "other"
            }
        }
        #expect(
            names == [
                "started [\"validating\"] \(step)",
                "progress \(step) bytes(done: \(data.count), total: Optional(\(data.count)))",
                "finished \(step)",
                "started [\"validating\"] \(step)",
                "skipped \(step) [Found release 'cpi' in local cache]",
            ])
    }

    @Test func aCorruptedCacheEntryIsReplaced() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        let data = ArtifactScratch.tarball("cpi")
        let fake = FakeArtifactDownloader(bodies: [url: data])
        let events = ArtifactEventRecorder()
        let sha1 = ArtifactScratch.sha1(data)
        _ = try scratch.write("home/downloads/sha1-\(sha1)", Data("truncated".utf8))

        let artifact = try await resolver(scratch, downloader: fake, sink: events).resolve(
            ArtifactRequest(name: "cpi", kind: .release, url: url, sha1: sha1))
        #expect(artifact.origin == .downloaded)
        #expect(FileManager.default.contents(atPath: artifact.localPath) == data)
        #expect(fake.urls.count == 1)
        #expect(events.all.contains { if case .warning(let text) = $0 { text.contains("cached copy") } else { false } })
    }

    @Test func aCorruptDownloadIsRejectedAndNotCached() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        let good = ArtifactScratch.tarball("good")
        let bad = ArtifactScratch.tarball("evil")
        let request = ArtifactRequest(
            name: "cpi", kind: .release, url: url, sha1: "sha256:" + ArtifactScratch.sha256(good))

        // A downloader that verifies (the real one) reports the mismatch...
        let verifying = FakeArtifactDownloader(bodies: [url: bad])
        let reported = await #expect(throws: ArtifactError.self) {
            try await resolver(scratch, downloader: verifying).resolve(request)
        }
        guard case .digestMismatch(let expected, let actual)? = reported?.reason else {
            Issue.record("expected a digest mismatch, got \(String(describing: reported))")
            return
        }
        #expect(expected == "sha256:" + ArtifactScratch.sha256(good))
        #expect(actual == "sha256:" + ArtifactScratch.sha256(bad))
        #expect(String(describing: reported).contains(url))

        // ...and one that does not is caught by the resolver's own check; nothing stays cached.
        let careless = FakeArtifactDownloader(bodies: [url: bad], verifies: false)
        let caught = await #expect(throws: ArtifactError.self) {
            try await resolver(scratch, downloader: careless).resolve(request)
        }
        guard case .digestMismatch? = caught?.reason else {
            Issue.record("expected a digest mismatch, got \(String(describing: caught))")
            return
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.downloads).isEmpty)
    }

    @Test func remoteURLsNeedADigest() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        let fake = FakeArtifactDownloader(bodies: [url: Data("x".utf8)])
        let error = await #expect(throws: ArtifactError.self) {
            try await resolver(scratch, downloader: fake).resolve(
                ArtifactRequest(name: "default", kind: .stemcell, url: url))
        }
        #expect(String(describing: error).contains("resource_pools[name=default].stemcell.sha1"))
        #expect(fake.urls.isEmpty)
    }

    @Test func resolvesConcurrentlyWithinTheBoundAndKeepsOrder() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        var bodies: [String: Data] = [:]
        var requests: [ArtifactRequest] = []
        for index in 0..<6 {
            let data = ArtifactScratch.tarball("r\(index)", size: 10_000 + index)
            let address = "https://example.com/r\(index).tgz"
            bodies[address] = data
            requests.append(
                ArtifactRequest(name: "r\(index)", kind: .release, url: address, sha1: ArtifactScratch.sha1(data)))
        }
        let local = ArtifactScratch.tarball("stemcell")
        let stemcellPath = try scratch.write("stemcell.tgz", local)
        requests.append(ArtifactRequest(name: "default", kind: .stemcell, url: "file://" + stemcellPath))
        let fake = FakeArtifactDownloader(bodies: bodies, delay: .milliseconds(50))

        let artifacts = try await resolver(scratch, downloader: fake, maxConcurrency: 3).resolve(requests)
        #expect(artifacts.map(\.name) == requests.map(\.name))
        #expect(artifacts.last?.origin == .local)
        #expect(fake.urls.count == 6)
        #expect(fake.peakConcurrency >= 2 && fake.peakConcurrency <= 3)
        for (artifact, request) in zip(artifacts, requests) {
            #expect(
                artifact.size == Int64(artifact.name == "default" ? local.count : (bodies[request.url]?.count ?? -1)))
        }
    }

    @Test func oneFailureFailsTheWholeResolution() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        let data = ArtifactScratch.tarball("ok")
        let fake = FakeArtifactDownloader(bodies: ["https://example.com/ok.tgz": data])
        let requests = [
            ArtifactRequest(
                name: "ok", kind: .release, url: "https://example.com/ok.tgz", sha1: ArtifactScratch.sha1(data)),
            // A digest of its own: with the same digest as "ok", the content-addressed cache could
            // (rightly) satisfy it once "ok" has been downloaded.
            ArtifactRequest(
                name: "gone", kind: .release, url: "https://example.com/gone.tgz",
                sha1: ArtifactScratch.sha1(ArtifactScratch.tarball("gone"))),
        ]
        let error = await #expect(throws: ArtifactError.self) {
            try await resolver(scratch, downloader: fake).resolve(requests)
        }
        #expect(String(describing: error).contains("release 'gone'"))
        #expect(String(describing: error).contains("HTTP status 404"))
    }

    @Test func downloadErrorsMaskCredentials() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        // The real downloader, against a loopback port where nothing listens.
        let downloader = HTTPDownloader(configuration: .init(connectTimeout: .seconds(2), attempts: 1))
        let secretURL = "https://ci:hunter2pw@127.0.0.1:1/cpi.tgz?token=t0ps3cret"
        let events = ArtifactEventRecorder()
        let error = await #expect(throws: ArtifactError.self) {
            try await resolver(scratch, downloader: downloader, sink: events).resolve(
                ArtifactRequest(name: "cpi", kind: .release, url: secretURL, sha1: String(repeating: "a", count: 40)))
        }
        let text = String(describing: error)
        #expect(text.contains("https://ci:<redacted>@127.0.0.1:1/cpi.tgz?<redacted>"))
        #expect(!text.contains("hunter2pw"))
        #expect(!text.contains("t0ps3cret"))
        let failed = events.all.compactMap { event -> String? in
            if case .stageFailed(_, _, _, _, let message) = event { return message }
            return nil
        }
        #expect(failed.count == 1)
        #expect(failed.allSatisfy { !$0.contains("hunter2pw") && !$0.contains("t0ps3cret") })
    }
}

import AgentClient
import DeployerSupport
import DeployerTestSupport
import Foundation
import Synchronization

@testable import Deployer

/// Records the events an `ArtifactResolver` emits.
final class ArtifactEventRecorder: EventSink {
    private let events = Mutex<[DeployEvent]>([])
    func emit(_ event: DeployEvent) { events.withLock { $0.append(event) } }
    var all: [DeployEvent] { events.withLock { $0 } }
}

/// A downloader that serves bytes from memory, counts calls and in-flight fetches, and
/// writes the destination the way the real one does (temp beside it, then rename).
final class FakeArtifactDownloader: ArtifactDownloader {
    struct Counters {
        var urls: [String] = []
        var inFlight = 0
        var peak = 0
    }

    /// Whether to check `expectedDigest` like the real downloader, or pass anything through.
    let verifies: Bool
    let delay: Duration
    private let bodies: [String: Data]
    private let counters = Mutex(Counters())

    init(bodies: [String: Data], verifies: Bool = true, delay: Duration = .zero) {
        self.bodies = bodies
        self.verifies = verifies
        self.delay = delay
    }

    var urls: [String] { counters.withLock { $0.urls } }
    var peakConcurrency: Int { counters.withLock { $0.peak } }

    func fetch(
        url: String, to destination: String, expectedDigest: MultiDigest?,
        progress: (@Sendable (Int64, Int64?) -> Void)?
    ) async throws -> DownloadedFile {
        counters.withLock {
            $0.urls.append(url)
            $0.inFlight += 1
            $0.peak = max($0.peak, $0.inFlight)
        }
        defer { counters.withLock { $0.inFlight -= 1 } }
        if delay > .zero { try await Task.sleep(for: delay) }
        guard let body = bodies[url] else {
            throw DownloadError(url: DownloadURL.masked(url), attempts: 1, reason: .httpStatus(code: 404, body: ""))
        }
        let algorithm = expectedDigest?.strongest.algorithm ?? .sha256
        let digest = try Digest.compute(of: body, algorithm: algorithm)
        if verifies, let expected = expectedDigest?.strongest, expected.hex != digest.hex {
            throw DownloadError(
                url: DownloadURL.masked(url), attempts: 3,
                reason: .digestMismatch(expected: expected.description, actual: digest.description))
        }
        progress?(Int64(body.count), Int64(body.count))
        let temporary = destination + ".fake-partial"
        try body.write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, destination) == 0 else { throw CocoaError(.fileWriteUnknown) }
        return DownloadedFile(path: destination, digest: digest, size: Int64(body.count))
    }
}

/// A scratch directory with helpers to write tarball-like files and compute their digests.
struct ArtifactScratch {
    private let scratch: TemporaryDirectory
    var root: URL { scratch.url }

    init() throws {
        scratch = try TemporaryDirectory("artifacts")
    }

    var home: String { root.appendingPathComponent("home").path }
    var downloads: String { root.appendingPathComponent("home/downloads").path }

    func write(_ name: String, _ data: Data) throws -> String {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url.path
    }

    func remove() { scratch.remove() }

    static func sha1(_ data: Data) -> String {
        (try? Digest.compute(of: data, algorithm: .sha1))?.hex ?? ""
    }

    static func sha256(_ data: Data) -> String {
        (try? Digest.compute(of: data, algorithm: .sha256))?.hex ?? ""
    }

    static func tarball(_ seed: String, size: Int = 50_000) -> Data {
        var bytes = [UInt8](repeating: 0, count: size)
        let salt = Array(seed.utf8)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 7) ^ salt[index % salt.count] }
        return Data(bytes)
    }
}

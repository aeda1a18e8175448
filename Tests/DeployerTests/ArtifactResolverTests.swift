import AgentClient
import DeployerSupport
import Foundation
import Testing

@testable import Deployer

/// `ArtifactResolver`: local files, digests, the downloads cache and concurrency, with a fake
/// downloader (the HTTPS downloader itself is tested in AgentClientTests).
@Suite struct ArtifactResolverTests {
    private func resolver(
        _ scratch: ArtifactScratch, downloader: any ArtifactDownloader = FakeArtifactDownloader(bodies: [:]),
        maxConcurrency: Int = 4, verifyLocalDigests: Bool = true, sink: any EventSink = DiscardingEventSink()
    ) -> ArtifactResolver {
        ArtifactResolver(
            deployerHome: scratch.home, userHomeDirectory: scratch.root.path, downloader: downloader,
            maxConcurrency: maxConcurrency, verifyLocalDigests: verifyLocalDigests, sink: sink,
            stagePath: ["validating"])
    }

    // MARK: local files

    @Test func localFileWithTheRightSHA1() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        let data = ArtifactScratch.tarball("cpi")
        let path = try scratch.write("cpi.tgz", data)
        let artifact = try await resolver(scratch).resolve(
            ArtifactRequest(name: "cpi", kind: .release, url: "file://" + path, sha1: ArtifactScratch.sha1(data)))
        #expect(artifact.localPath == path)
        #expect(artifact.origin == .local)
        #expect(artifact.size == Int64(data.count))
        #expect(artifact.digest.description == "\(ArtifactScratch.sha1(data));sha256:\(ArtifactScratch.sha256(data))")
    }

    @Test func localFileWithAWrongSHA1IsRejectedWithAHint() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        let data = ArtifactScratch.tarball("cpi")
        let path = try scratch.write("cpi.tgz", data)
        let wrong = String(repeating: "ab", count: 20)
        let error = await #expect(throws: ArtifactError.self) {
            try await resolver(scratch).resolve(ArtifactRequest(name: "cpi", kind: .release, url: path, sha1: wrong))
        }
        let text = String(describing: error)
        #expect(text.contains("release 'cpi'"))
        #expect(text.contains(path))
        #expect(text.contains(wrong))
        #expect(text.contains(ArtifactScratch.sha1(data)))
        #expect(text.contains("releases[name=cpi].sha1"))
    }

    @Test func localFileWithoutSHA1StillGetsItsDigest() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        let data = ArtifactScratch.tarball("stemcell")
        let path = try scratch.write("stemcell.tgz", data)
        let artifact = try await resolver(scratch).resolve(
            ArtifactRequest(name: "default", kind: .stemcell, url: "file://" + path))
        #expect(artifact.digest.digest(for: .sha1)?.hex == ArtifactScratch.sha1(data))
        #expect(artifact.digest.digest(for: .sha256)?.hex == ArtifactScratch.sha256(data))
    }

    @Test func boshCompatibleModeIgnoresALocalFilesDigest() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        let data = ArtifactScratch.tarball("cpi")
        let path = try scratch.write("cpi.tgz", data)
        let artifact = try await resolver(scratch, verifyLocalDigests: false).resolve(
            ArtifactRequest(name: "cpi", kind: .release, url: path, sha1: String(repeating: "0", count: 40)))
        #expect(artifact.digest.digest(for: .sha1)?.hex == ArtifactScratch.sha1(data))
    }

    @Test func sha256AndMultiDigestFormsUseTheStrongest() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        let data = ArtifactScratch.tarball("x")
        let path = try scratch.write("x.tgz", data)
        let sha256 = ArtifactScratch.sha256(data)
        let resolver = resolver(scratch)
        _ = try await resolver.resolve(ArtifactRequest(name: "x", kind: .release, url: path, sha1: "sha256:\(sha256)"))
        // A wrong sha1 next to a right sha256 passes: only the strongest digest counts.
        let wrongSHA1 = String(repeating: "1", count: 40)
        _ = try await resolver.resolve(
            ArtifactRequest(name: "x", kind: .release, url: path, sha1: "\(wrongSHA1);sha256:\(sha256)"))
        let sha512 = try Digest.compute(of: data, algorithm: .sha512)
        let withSHA512 = try await resolver.resolve(
            ArtifactRequest(name: "x", kind: .release, url: path, sha1: sha512.description))
        #expect(withSHA512.digest.digest(for: .sha512) == sha512)

        let error = await #expect(throws: ArtifactError.self) {
            try await resolver.resolve(
                ArtifactRequest(
                    name: "x", kind: .release, url: path, sha1: "sha256:" + String(repeating: "c", count: 64)))
        }
        guard case .digestMismatch(let expected, let actual)? = error?.reason else {
            Issue.record("expected a digest mismatch, got \(String(describing: error))")
            return
        }
        #expect(expected == "sha256:" + String(repeating: "c", count: 64))
        #expect(actual == "sha256:\(sha256)")
    }

    @Test func invalidDigestStringsAreReported() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        let path = try scratch.write("x.tgz", ArtifactScratch.tarball("x"))
        for text in ["not a digest!", "md5:abc"] {
            let error = await #expect(throws: ArtifactError.self) {
                try await resolver(scratch).resolve(ArtifactRequest(name: "x", kind: .release, url: path, sha1: text))
            }
            guard case .invalidDigest? = error?.reason else {
                Issue.record("expected invalidDigest for '\(text)', got \(String(describing: error))")
                continue
            }
        }
    }

    @Test func fileURLsWithTildeAndMissingFiles() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        let data = ArtifactScratch.tarball("t")
        let path = try scratch.write("releases/t.tgz", data)
        let artifact = try await resolver(scratch).resolve(
            ArtifactRequest(name: "t", kind: .release, url: "file://~/releases/t.tgz"))
        #expect(artifact.localPath == path)

        let missing = scratch.root.appendingPathComponent("nope.tgz").path
        let error = await #expect(throws: ArtifactError.self) {
            try await resolver(scratch).resolve(ArtifactRequest(name: "t", kind: .release, url: "file://" + missing))
        }
        #expect(String(describing: error).contains("file path '\(missing)' does not exist"))

        let directoryError = await #expect(throws: ArtifactError.self) {
            try await resolver(scratch).resolve(ArtifactRequest(name: "t", kind: .release, url: scratch.root.path))
        }
        guard case .notAFile? = directoryError?.reason else {
            Issue.record("expected notAFile, got \(String(describing: directoryError))")
            return
        }
    }

    @Test func unsupportedAndRelativeURLsAreRejected() async throws {
        let scratch = try ArtifactScratch()
        defer { scratch.remove() }
        let ftp = await #expect(throws: ArtifactError.self) {
            try await resolver(scratch).resolve(ArtifactRequest(name: "r", kind: .release, url: "ftp://u:pw1@h/r.tgz"))
        }
        guard case .unsupportedURL? = ftp?.reason else {
            Issue.record("expected unsupportedURL, got \(String(describing: ftp))")
            return
        }
        #expect(!String(describing: ftp).contains("pw1"))
        let relative = await #expect(throws: ArtifactError.self) {
            try await resolver(scratch).resolve(ArtifactRequest(name: "r", kind: .release, url: "releases/r.tgz"))
        }
        guard case .relativePath? = relative?.reason else {
            Issue.record("expected relativePath, got \(String(describing: relative))")
            return
        }
    }
}

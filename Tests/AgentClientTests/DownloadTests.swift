import Crypto
import DeployerSupport
import DeployerTestSupport
import Foundation
import NIOHTTP1
import Synchronization
import Testing

@testable import AgentClient

/// `HTTPDownloader` against the loopback TLS server: streaming, digests, retries, redirects,
/// masking, cancellation.
@Suite struct DownloadTests {
    /// Counts the requests a test server received, per path.
    final class Hits: Sendable {
        private let paths = Mutex<[String]>([])
        func record(_ path: String) { paths.withLock { $0.append(path) } }
        var all: [String] { paths.withLock { $0 } }
    }

    private static let content: Data = {
        var bytes = [UInt8](repeating: 0, count: 300_000)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 31 &+ index >> 7) }
        return Data(bytes)
    }()

    private static let sha256Hex = SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
    private static let sha1Hex = Insecure.SHA1.hash(data: content).map { String(format: "%02x", $0) }.joined()

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("download-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func downloader(ca: String = TestCertificateAuthority.sharedP256.caPEM, attempts: Int = 3) -> HTTPDownloader
    {
        HTTPDownloader(
            configuration: .init(
                trust: .pinnedCA(pem: ca), connectTimeout: .seconds(5), stallTimeout: .seconds(5), maxRedirects: 3,
                attempts: attempts, retryDelay: .milliseconds(5)))
    }

    private func contents(of directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    @Test func streamsToTheFileWithDigestAndProgress() async throws {
        let hits = Hits()
        let server = try await TestHTTPSServer.start { request in
            hits.record(request.uri)
            return ServerResponse(status: 200, body: Self.content)
        }
        defer { Task { await server.stop() } }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let destination = directory.appendingPathComponent("release.tgz").path
        let last = Mutex<(Int64, Int64?)>((0, nil))

        let file = try await downloader().download(
            from: "https://127.0.0.1:\(server.port)/r.tgz", to: destination,
            progress: { done, total in last.withLock { $0 = (done, total) } })

        #expect(file.digest == Digest(algorithm: .sha256, hex: Self.sha256Hex))
        #expect(file.size == Int64(Self.content.count))
        #expect(FileManager.default.contents(atPath: destination) == Self.content)
        #expect(try contents(of: directory) == ["release.tgz"])
        let (done, total) = last.withLock { $0 }
        #expect(done == Int64(Self.content.count) && total == Int64(Self.content.count))
        #expect(hits.all == ["/r.tgz"])
    }

    @Test func verifiesTheStrongestExpectedDigest() async throws {
        let server = try await TestHTTPSServer.start { _ in ServerResponse(status: 200, body: Self.content) }
        defer { Task { await server.stop() } }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let destination = directory.appendingPathComponent("s.tgz").path
        let expected = try MultiDigest(parsing: "\(Self.sha1Hex);sha256:\(Self.sha256Hex)")

        let file = try await downloader().download(
            from: "https://127.0.0.1:\(server.port)/s.tgz", to: destination, expectedDigest: expected)
        #expect(file.digest.algorithm == .sha256)
        #expect(file.digest.hex == Self.sha256Hex)
    }

    @Test func aCorruptDownloadIsRetriedThenRejectedAndLeavesNothing() async throws {
        let hits = Hits()
        let server = try await TestHTTPSServer.start { request in
            hits.record(request.uri)
            return ServerResponse(status: 200, body: Data("not the tarball".utf8))
        }
        defer { Task { await server.stop() } }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let destination = directory.appendingPathComponent("bad.tgz").path

        let error = await #expect(throws: DownloadError.self) {
            try await downloader().download(
                from: "https://127.0.0.1:\(server.port)/bad.tgz", to: destination,
                expectedDigest: try MultiDigest(parsing: Self.sha1Hex))
        }
        guard case .digestMismatch(let expected, _)? = error?.reason else {
            Issue.record("expected a digest mismatch, got \(String(describing: error))")
            return
        }
        #expect(expected == Self.sha1Hex)
        #expect(error?.attempts == 3)
        #expect(hits.all.count == 3)
        #expect(try contents(of: directory).isEmpty)
    }

    @Test func retriesAfterATransient500() async throws {
        let hits = Hits()
        let server = try await TestHTTPSServer.start { request in
            hits.record(request.uri)
            return hits.all.count == 1
                ? ServerResponse(status: 500, body: Data("try later".utf8))
                : ServerResponse(status: 200, body: Self.content)
        }
        defer { Task { await server.stop() } }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let destination = directory.appendingPathComponent("r.tgz").path

        let file = try await downloader().download(from: "https://127.0.0.1:\(server.port)/r.tgz", to: destination)
        #expect(file.size == Int64(Self.content.count))
        #expect(hits.all.count == 2)
        #expect(try contents(of: directory) == ["r.tgz"])
    }

    @Test func aNotFoundIsNotRetried() async throws {
        let hits = Hits()
        let server = try await TestHTTPSServer.start { request in
            hits.record(request.uri)
            return ServerResponse(status: 404, body: Data("no such release".utf8))
        }
        defer { Task { await server.stop() } }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        let error = await #expect(throws: DownloadError.self) {
            try await downloader().download(
                from: "https://127.0.0.1:\(server.port)/missing.tgz", to: directory.appendingPathComponent("m").path)
        }
        #expect(error?.reason == .httpStatus(code: 404, body: "no such release"))
        #expect(hits.all.count == 1)
        #expect(error?.description.contains("HTTP status 404") == true)
        #expect(try contents(of: directory).isEmpty)
    }

    @Test func followsRedirectsAndStopsAtTheLimit() async throws {
        let hits = Hits()
        let server = try await TestHTTPSServer.start { request in
            hits.record(request.uri)
            switch request.uri {
            case "/old.tgz": return ServerResponse(status: 302, body: Data(), headers: [("Location", "/new.tgz")])
            case "/new.tgz": return ServerResponse(status: 200, body: Self.content)
            default: return ServerResponse(status: 301, body: Data(), headers: [("Location", "/loop")])
            }
        }
        defer { Task { await server.stop() } }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        let file = try await downloader().download(
            from: "https://127.0.0.1:\(server.port)/old.tgz", to: directory.appendingPathComponent("r").path)
        #expect(file.digest.hex == Self.sha256Hex)
        #expect(hits.all == ["/old.tgz", "/new.tgz"])

        let error = await #expect(throws: DownloadError.self) {
            try await downloader().download(
                from: "https://127.0.0.1:\(server.port)/loop", to: directory.appendingPathComponent("l").path)
        }
        #expect(error?.isTransient == false)
        #expect(hits.all.count == 2 + 4)  // the first request and 3 redirects, once
    }

    @Test func sendsBasicAuthAndMasksCredentialsInErrors() async throws {
        let password = "s3cretPW9x"
        let server = try await TestHTTPSServer.start { request in
            let expected = "Basic " + Data("ci:\(password)".utf8).base64EncodedString()
            return request.headers["Authorization"].first == expected
                ? ServerResponse(status: 200, body: Self.content)
                : ServerResponse(status: 401, body: Data())
        }
        defer { Task { await server.stop() } }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        let file = try await downloader().download(
            from: "https://ci:\(password)@127.0.0.1:\(server.port)/r.tgz",
            to: directory.appendingPathComponent("r").path)
        #expect(file.size == Int64(Self.content.count))

        let refusing = try RefusingPort()
        let port = refusing.port
        defer { withExtendedLifetime(refusing) {} }
        let error = await #expect(throws: DownloadError.self) {
            try await downloader(attempts: 1).download(
                from: "https://ci:\(password)@127.0.0.1:\(port)/r.tgz?X-Signature=sig0123abc",
                to: directory.appendingPathComponent("x").path)
        }
        let text = String(describing: error)
        #expect(text.contains("https://ci:<redacted>@127.0.0.1:\(port)/r.tgz?<redacted>"))
        #expect(!text.contains(password))
        #expect(!text.contains("sig0123abc"))
        guard case .cannotConnect? = error?.reason else {
            Issue.record("expected cannotConnect, got \(text)")
            return
        }
    }

    @Test func anUntrustedCertificateIsNotRetried() async throws {
        let hits = Hits()
        let server = try await TestHTTPSServer.start { request in
            hits.record(request.uri)
            return ServerResponse(status: 200, body: Self.content)
        }
        defer { Task { await server.stop() } }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        let error = await #expect(throws: DownloadError.self) {
            try await downloader(ca: TestCertificateAuthority.otherP256.caPEM).download(
                from: "https://127.0.0.1:\(server.port)/r.tgz", to: directory.appendingPathComponent("r").path)
        }
        guard case .certificateNotTrusted? = error?.reason else {
            Issue.record("expected certificateNotTrusted, got \(String(describing: error))")
            return
        }
        #expect(error?.attempts == 1)
        #expect(try contents(of: directory).isEmpty)
    }

    @Test func rejectsNonHTTPURLs() async throws {
        let error = await #expect(throws: DownloadError.self) {
            try await downloader().download(from: "ftp://u:pw@example.com/r.tgz", to: "/nonexistent/r")
        }
        guard case .invalidURL? = error?.reason else {
            Issue.record("expected invalidURL, got \(String(describing: error))")
            return
        }
        #expect(error?.description.contains("pw") == false)
    }

    @Test func cancellationAbortsAndRemovesThePartialFile() async throws {
        let server = try await SilentServer.start()
        defer { Task { await server.stop() } }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let destination = directory.appendingPathComponent("r").path
        let downloader = HTTPDownloader(
            configuration: .init(
                trust: .insecureSkipVerify, connectTimeout: .seconds(5), stallTimeout: .seconds(30), attempts: 3))
        let port = server.port

        let task = Task { try await downloader.download(from: "http://127.0.0.1:\(port)/r.tgz", to: destination) }
        try await Task.sleep(for: .milliseconds(200))
        let start = ContinuousClock.now
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        // Ignoring cancellation would take 3 attempts of a 30 s stall; generous for CI load.
        #expect(ContinuousClock.now - start < .seconds(15))
        #expect(try contents(of: directory).isEmpty)
    }
}

import AgentProtocol
import Crypto
import DeployerSupport
import DeployerTestSupport
import Foundation
import Synchronization
import Testing

@testable import AgentClient

/// Streaming PUT/GET of blobs against the loopback TLS server.
@Suite(.serialized) struct BlobstoreClientTests {
    static let password = "blobpw5h7j9k1l3m5n7p"

    /// A few MiB of non-repeating bytes in a temp file, and its SHA-1 / SHA-256 hex.
    private func makeFile(size: Int) throws -> (URL, sha1: String, sha256: String) {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: size)
        for index in stride(from: 0, to: size, by: 8) {
            let word = generator.next() as UInt64
            for offset in 0..<min(8, size - index) {
                bytes[index + offset] = UInt8(truncatingIfNeeded: word >> (offset * 8))
            }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("blob-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        let sha1 = Insecure.SHA1.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let sha256 = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        return (url, sha1, sha256)
    }

    private func client(
        _ server: TestHTTPSServer, password: String = Self.password,
        ca: String = TestCertificateAuthority.sharedP256.caPEM
    )
        throws -> BlobstoreClient
    {
        try BlobstoreClient(url: server.url(password: password), trust: .pinnedCA(pem: ca), stallTimeout: .seconds(5))
    }

    @Test func blobPathHasTheSHA1Prefix() {
        // SHA-1("abc") = a9993e36..., so the prefix is "a9".
        #expect(BlobstoreClient.path(forBlobID: "abc") == "/blobs/a9/abc")
        let id = BlobstoreClient.newBlobID()
        #expect(id.rawValue == id.rawValue.lowercased() && UUID(uuidString: id.rawValue) != nil)
    }

    @Test func uploadAndDownloadAFewMiBWithDigestsAndProgress() async throws {
        let routes = FakeAgentRoutes(password: Self.password) { _ in .value("pong") }
        let server = try await TestHTTPSServer.start(handler: routes.handle)
        defer { Task { await server.stop() } }
        let size = 3 * 1024 * 1024 + 123
        let (file, sha1, sha256) = try makeFile(size: size)
        defer { try? FileManager.default.removeItem(at: file) }

        let uploadProgress = Mutex<[Int64]>([])
        let stored = try await client(server).upload(file: file, expectedDigest: sha1) { done, total in
            #expect(total == Int64(size))
            uploadProgress.withLock { $0.append(done) }
        }
        #expect(stored.digest == sha1)
        #expect(stored.size == Int64(size))
        #expect(routes.blob(stored.blobID.rawValue)?.count == size)
        #expect(routes.blobPaths == [BlobstoreClient.path(forBlobID: stored.blobID)])
        let sent = uploadProgress.withLock { $0 }
        #expect(sent.count >= 2)
        #expect(sent.last == Int64(size))
        #expect(sent == sent.sorted())

        let destination = FileManager.default.temporaryDirectory.appendingPathComponent("down-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: destination) }
        let downloadProgress = Mutex<[Int64]>([])
        let fetched = try await client(server).download(
            blobID: stored.blobID, to: destination, expectedDigest: "\(sha1);sha256:\(sha256)"
        ) { done, _ in
            downloadProgress.withLock { $0.append(done) }
        }
        #expect(fetched.digest == "sha256:\(sha256)")
        #expect(try Data(contentsOf: destination) == Data(contentsOf: file))
        #expect(downloadProgress.withLock { $0.last } == Int64(size))
    }

    @Test func aCorruptDownloadIsRejectedAndLeavesNoFile() async throws {
        let routes = FakeAgentRoutes(password: Self.password) { _ in .value("pong") }
        routes.store(Data("tampered".utf8), as: "blob-1")
        let server = try await TestHTTPSServer.start(handler: routes.handle)
        defer { Task { await server.stop() } }
        let destination = FileManager.default.temporaryDirectory.appendingPathComponent("down-\(UUID().uuidString)")
        let expected = String(repeating: "0", count: 40)
        let error = await #expect(throws: AgentError.self) {
            _ = try await client(server).download(blobID: "blob-1", to: destination, expectedDigest: expected)
        }
        guard case .digestMismatch(let wanted, _) = try #require(error).reason else {
            Issue.record("expected digestMismatch")
            return
        }
        #expect(wanted == expected)
        #expect(!FileManager.default.fileExists(atPath: destination.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix(".\(destination.lastPathComponent).partial") }
        #expect(leftovers.isEmpty)
    }

    @Test func aMissingBlobIs404() async throws {
        let routes = FakeAgentRoutes(password: Self.password) { _ in .value("pong") }
        let server = try await TestHTTPSServer.start(handler: routes.handle)
        defer { Task { await server.stop() } }
        let destination = FileManager.default.temporaryDirectory.appendingPathComponent("down-\(UUID().uuidString)")
        let error = await #expect(throws: AgentError.self) {
            _ = try await client(server).download(blobID: "nope", to: destination)
        }
        #expect(try #require(error).reason == .httpStatus(code: 404, body: "not found"))
        #expect(!FileManager.default.fileExists(atPath: destination.path))
    }

    @Test func uploadWithAWrongPasswordFailsWithoutLeakingIt() async throws {
        let routes = FakeAgentRoutes(password: Self.password) { _ in .value("pong") }
        let server = try await TestHTTPSServer.start(handler: routes.handle)
        defer { Task { await server.stop() } }
        let (file, _, _) = try makeFile(size: 1000)
        defer { try? FileManager.default.removeItem(at: file) }
        let wrong = "b4dpassw0rdqqqq"
        let error = await #expect(throws: AgentError.self) {
            _ = try await client(server, password: wrong).upload(file: file)
        }
        let line = try #require(error).description
        #expect(try #require(error).reason == .unauthorized)
        #expect(!line.contains(wrong))
        #expect(line.contains("mbus:<redacted>@127.0.0.1"))
    }

    @Test func uploadOfAFileWhoseDigestDiffersFails() async throws {
        let routes = FakeAgentRoutes(password: Self.password) { _ in .value("pong") }
        let server = try await TestHTTPSServer.start(handler: routes.handle)
        defer { Task { await server.stop() } }
        let (file, _, sha256) = try makeFile(size: 5000)
        defer { try? FileManager.default.removeItem(at: file) }
        let stored = try await client(server).upload(file: file, expectedDigest: "sha256:\(sha256)")
        #expect(stored.digest == "sha256:\(sha256)")
        await #expect(throws: AgentError.self) {
            _ = try await client(server).upload(
                file: file, expectedDigest: "sha256:" + String(repeating: "a", count: 64))
        }
        await #expect(throws: AgentError.self) {
            _ = try await client(server).upload(file: file, expectedDigest: "md5:abc")
        }
    }

    /// A file the caller already verified is sent as it is and reported with the caller's
    /// digest: nothing hashes it (the agent checks the digest when it uses the blob), so
    /// even a wrong digest is not caught here, which is the whole difference.
    @Test func aVerifiedFileIsSentWithoutHashing() async throws {
        let routes = FakeAgentRoutes(password: Self.password) { _ in .value("pong") }
        let server = try await TestHTTPSServer.start(handler: routes.handle)
        defer { Task { await server.stop() } }
        let (file, _, _) = try makeFile(size: 5000)
        defer { try? FileManager.default.removeItem(at: file) }
        let claimed = "sha256:" + String(repeating: "b", count: 64)
        let stored = try await client(server).upload(file: file, expectedDigest: claimed, check: .trustVerifiedFile)
        #expect(stored.digest == claimed)
        #expect(stored.size == 5000)
        let computed = try await client(server).upload(file: file, check: .trustVerifiedFile)
        #expect(computed.digest.count == 40, "without an expected digest the file is hashed (SHA-1)")
    }
}

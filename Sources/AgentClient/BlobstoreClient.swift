import AgentProtocol
import Crypto
import DeployerSupport
import Foundation

/// The agent's blob store on the mbus listener: `PUT`/`GET <mbus>/blobs/<prefix>/<id>`
/// (spec agent.md §6). Files stream through libcurl and are hashed on the way; a blob is
/// never held in memory.
public struct BlobstoreClient: Sendable {
    /// The mbus URL, parsed; its `redacted` form names the agent in errors.
    public let endpoint: MbusEndpoint
    /// Which server certificates are accepted.
    public let trust: TLSTrust
    /// TCP + TLS connect limit.
    public let connectTimeout: Duration
    /// A transfer slower than 1 byte/s for this long is aborted.
    public let stallTimeout: Duration
    /// Upload attempts (bosh-cli: 3, no delay).
    public let uploadAttempts: Int
    private let interceptor: any CallInterceptor

    /// Progress callback: (bytes done, bytes expected).
    public typealias Progress = @Sendable (Int64, Int64) -> Void

    /// - Parameters:
    ///   - url: the mbus URL (`https://mbus:<password>@10.0.0.6:6868`).
    ///   - trust: bosh-cli always verifies blob transfers: pin `cloud_provider.cert.ca`.
    ///   - interceptor: sees each transfer as one call, `blobstore put` (its attempts included)
    ///     or `blobstore get`.
    /// - Throws: `AgentError` when `url` is not an http(s) URL with a host.
    public init(
        url: URL, trust: TLSTrust, connectTimeout: Duration = .seconds(30), stallTimeout: Duration = .seconds(120),
        uploadAttempts: Int = 3, interceptor: any CallInterceptor = PassThroughInterceptor()
    ) throws {
        endpoint = try MbusEndpoint(url: url)
        self.trust = trust
        self.connectTimeout = connectTimeout
        self.stallTimeout = stallTimeout
        self.uploadAttempts = max(1, uploadAttempts)
        self.interceptor = interceptor
    }

    /// A fresh blob id: a lowercase random UUID, as bosh-cli generates per upload.
    public static func newBlobID() -> BlobID {
        BlobID(UUID().uuidString.lowercased())
    }

    /// `/blobs/<xx>/<id>` where `xx` is the lowercase hex of the first byte of SHA-1 of the id
    /// string (the agent ignores the prefix; bosh-cli's DAV client writes it).
    public static func path(forBlobID blobID: BlobID) -> String {
        let prefix = Hex.string(Insecure.SHA1.hash(data: Data(blobID.rawValue.utf8)).prefix(1))
        return "/blobs/\(prefix)/\(blobID)"
    }

    /// Uploads `file` as blob `blobID`, hashing it while it streams unless `check` is
    /// `.trustVerifiedFile`.
    /// - Parameters:
    ///   - blobID: defaults to a fresh UUID.
    ///   - expectedDigest: a bosh multi-digest the content must match (its strongest
    ///     algorithm is computed); checked after the upload, which is then an error.
    ///   - algorithm: what to compute when no digest is expected.
    ///   - check: `.trustVerifiedFile` with an `expectedDigest` sends the file without
    ///     hashing it again and reports the expected digest.
    ///   - progress: called with (bytes sent, file size).
    /// - Returns: the blob id, its digest string and size.
    /// - Throws: `AgentError` (file, network, HTTP status after all attempts, digest mismatch);
    ///   `CancellationError`.
    public func upload(
        file: URL, blobID: BlobID = BlobstoreClient.newBlobID(), expectedDigest: String? = nil,
        algorithm: DigestAlgorithm = .sha1, check: UploadDigestCheck = .hashWhileSending,
        progress: Progress? = nil
    ) async throws -> StoredBlob {
        try await interceptor.intercept("blobstore put") {
            try await uploadAttempting(
                file: file, blobID: blobID, expectedDigest: expectedDigest, algorithm: algorithm, check: check,
                progress: progress)
        }
    }

    private func uploadAttempting(
        file: URL, blobID: BlobID, expectedDigest: String?, algorithm: DigestAlgorithm, check: UploadDigestCheck,
        progress: Progress?
    ) async throws -> StoredBlob {
        let path = Self.path(forBlobID: blobID)
        let operation = "uploading '\(file.path)' as blob \(path)"
        let expected = try parse(expectedDigest, operation: operation)
        let digestAlgorithm = try computedAlgorithm(expected, fallback: algorithm, operation: operation)
        let trusted = check == .trustVerifiedFile ? expected : nil
        let size: Int64
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
            size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        } catch {
            throw AgentError(
                endpoint: endpoint.redacted, operation: operation,
                reason: .file(path: file.path, detail: "cannot read its size"))
        }
        let transfer = CurlTransfer(
            method: "PUT", url: endpoint.url(path: path), username: endpoint.username, password: endpoint.password,
            headers: ["Content-Type: application/octet-stream"], upload: .file(path: file.path, size: size),
            download: .memory(limit: 64 << 10), trust: trust, connectTimeout: connectTimeout, timeout: nil,
            stallTimeout: stallTimeout, digest: trusted == nil ? digestAlgorithm : nil, progress: progress)

        var lastError: AgentError?
        for _ in 0..<uploadAttempts {
            switch await CurlClient.execute(transfer) {
            case .success(let result):
                guard (200..<300).contains(result.statusCode) else {
                    lastError = statusError(result, operation: operation)
                    if result.statusCode == 401 { throw statusError(result, operation: operation) }
                    continue
                }
                if let trusted {
                    return StoredBlob(
                        blobID: blobID, digest: trusted.description,
                        size: result.streamedBytes)
                }
                let digest = try checkedDigest(
                    result, algorithm: digestAlgorithm, expected: expected, operation: operation)
                return StoredBlob(blobID: blobID, digest: digest.description, size: result.streamedBytes)
            case .failure(let failure):
                let error = CurlClient.error(for: failure, endpoint: endpoint, operation: operation)
                guard let agentError = error as? AgentError, Self.isRetryable(agentError) else { throw error }
                lastError = agentError
            }
        }
        throw lastError
            ?? AgentError(
                endpoint: endpoint.redacted, operation: operation, reason: .transport(code: 0, detail: "no attempt"))
    }

    /// Downloads blob `blobID` into `file` (replaced only once the content is complete and,
    /// if `expectedDigest` is given, verified).
    /// - Parameters:
    ///   - expectedDigest: a bosh multi-digest; its strongest algorithm is verified.
    ///   - algorithm: what to compute when no digest is expected.
    ///   - progress: called with (bytes received, Content-Length).
    /// - Returns: the blob id, the computed digest string and size.
    /// - Throws: `AgentError` (404 and other statuses, network, file, digest mismatch);
    ///   `CancellationError`.
    public func download(
        blobID: BlobID, to file: URL, expectedDigest: String? = nil, algorithm: DigestAlgorithm = .sha1,
        progress: Progress? = nil
    ) async throws -> StoredBlob {
        try await interceptor.intercept("blobstore get") {
            try await downloadReplacing(
                blobID: blobID, to: file, expectedDigest: expectedDigest, algorithm: algorithm, progress: progress)
        }
    }

    private func downloadReplacing(
        blobID: BlobID, to file: URL, expectedDigest: String?, algorithm: DigestAlgorithm, progress: Progress?
    ) async throws -> StoredBlob {
        let path = Self.path(forBlobID: blobID)
        let operation = "downloading blob \(path) to '\(file.path)'"
        let expected = try parse(expectedDigest, operation: operation)
        let digestAlgorithm = try computedAlgorithm(expected, fallback: algorithm, operation: operation)
        // Write beside the destination, then rename: a failed or corrupt transfer never
        // leaves a half-written file under the final name.
        let partial = file.deletingLastPathComponent()
            .appendingPathComponent(".\(file.lastPathComponent).partial-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: partial) }
        let transfer = CurlTransfer(
            method: "GET", url: endpoint.url(path: path), username: endpoint.username, password: endpoint.password,
            download: .file(path: partial.path), trust: trust, connectTimeout: connectTimeout, timeout: nil,
            stallTimeout: stallTimeout, digest: digestAlgorithm, progress: progress)
        let result: CurlResult
        switch await CurlClient.execute(transfer) {
        case .success(let value): result = value
        case .failure(let failure): throw CurlClient.error(for: failure, endpoint: endpoint, operation: operation)
        }
        guard result.statusCode == 200 else { throw statusError(result, operation: operation) }
        let digest = try checkedDigest(result, algorithm: digestAlgorithm, expected: expected, operation: operation)
        guard rename(partial.path, file.path) == 0 else {
            throw AgentError(
                endpoint: endpoint.redacted, operation: operation,
                reason: .file(
                    path: file.path, detail: "cannot move the download into place: \(String(cString: strerror(errno)))")
            )
        }
        return StoredBlob(blobID: blobID, digest: digest.description, size: result.streamedBytes)
    }

    private func parse(_ digest: String?, operation: String) throws -> DeployerSupport.Digest? {
        guard let digest else { return nil }
        guard let parsed = MultiDigest.strongestSupported(in: digest) else {
            throw AgentError(
                endpoint: endpoint.redacted, operation: operation,
                reason: .invalidResponse(
                    detail: "no digest algorithm found in '\(digest)'. Supported algorithms: sha1, sha256, sha512"))
        }
        return parsed
    }

    /// The digest a transfer computed, checked against `expected` when there is one.
    /// - Throws: `AgentError` with `.digestMismatch`.
    private func checkedDigest(
        _ result: CurlResult, algorithm: DigestAlgorithm, expected: DeployerSupport.Digest?, operation: String
    ) throws -> DeployerSupport.Digest {
        let computed = DeployerSupport.Digest(algorithm: algorithm, hex: result.digestHex ?? "")
        if let expected, expected.hex != computed.hex {
            throw AgentError(
                endpoint: endpoint.redacted, operation: operation,
                reason: .digestMismatch(expected: expected.description, actual: computed.description))
        }
        return computed
    }

    /// The algorithm a transfer computes: the expected digest's, else `fallback`, which must be
    /// one this process computes (an unsupported one would report an empty digest).
    private func computedAlgorithm(
        _ expected: DeployerSupport.Digest?, fallback: DigestAlgorithm, operation: String
    ) throws -> DigestAlgorithm {
        if let expected { return expected.algorithm }
        guard fallback.isSupported else {
            throw AgentError(
                endpoint: endpoint.redacted, operation: operation,
                reason: .invalidResponse(
                    detail:
                        "digest algorithm '\(fallback)' is not supported. Supported algorithms: sha1, sha256, sha512"))
        }
        return fallback
    }

    private func statusError(_ result: CurlResult, operation: String) -> AgentError {
        let reason: AgentError.Reason =
            result.statusCode == 401
            ? .unauthorized
            : .httpStatus(code: result.statusCode, body: endpoint.scrub(MbusAgentClient.excerpt(result.body)))
        return AgentError(endpoint: endpoint.redacted, operation: operation, reason: reason)
    }

    /// bosh-cli retries uploads on any transport error; ours skips what cannot heal.
    private static func isRetryable(_ error: AgentError) -> Bool {
        switch error.reason {
        case .certificateNotTrusted, .invalidCA, .unauthorized, .file, .digestMismatch: return false
        default: return true
        }
    }
}

/// A blob in the agent's store: its id, bosh digest string and size in bytes.
public struct StoredBlob: Sendable, Hashable {
    /// The blob id (a UUID).
    public var blobID: BlobID
    /// `<sha1 hex>` or `sha256:<hex>` / `sha512:<hex>`, as bosh writes digests.
    public var digest: String
    /// Size in bytes.
    public var size: Int64

    /// Creates a blob description.
    public init(blobID: BlobID, digest: String, size: Int64) {
        self.blobID = blobID
        self.digest = digest
        self.size = size
    }

    /// `{"blobstore_id", "sha1"}` for the apply spec or `compile_package`.
    public var reference: BlobReference {
        BlobReference(blobstoreID: blobID, sha1: digest)
    }
}

import AgentClient
import DeployerSupport

/// Fetches a remote tarball to a file; `HTTPDownloader` is the real one, tests use fakes.
public protocol ArtifactDownloader: Sendable {
    /// Downloads `url` to `destination`, which must only appear once complete and, when
    /// `expectedDigest` is given, verified against its strongest digest.
    /// - Parameters:
    ///   - url: an `http://` or `https://` URL, possibly with credentials.
    ///   - destination: the file to create; its directory exists.
    ///   - expectedDigest: the digest the content must have.
    ///   - progress: (bytes received, total when known).
    /// - Returns: the file, the digest computed while streaming and the size.
    /// - Throws: an error naming the URL without its secrets; `CancellationError`.
    func fetch(
        url: String, to destination: String, expectedDigest: MultiDigest?,
        progress: (@Sendable (Int64, Int64?) -> Void)?
    ) async throws -> DownloadedFile
}

extension HTTPDownloader: ArtifactDownloader {
    /// Calls `download(from:to:expectedDigest:progress:)`.
    public func fetch(
        url: String, to destination: String, expectedDigest: MultiDigest?,
        progress: (@Sendable (Int64, Int64?) -> Void)?
    ) async throws -> DownloadedFile {
        try await download(from: url, to: destination, expectedDigest: expectedDigest, progress: progress)
    }
}

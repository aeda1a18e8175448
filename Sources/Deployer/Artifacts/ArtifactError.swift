/// Why a release or stemcell tarball could not be made available, naming the artifact, where
/// it was looked for (URL secrets masked) and what to do.
public struct ArtifactError: Error, CustomStringConvertible, Sendable {
    /// What failed.
    public enum Reason: Sendable {
        /// The URL is neither a local path, `file://`, `http://` nor `https://`.
        case unsupportedURL
        /// A bare path that is not absolute; the manifest loader should have resolved it.
        case relativePath
        /// The local file does not exist (bosh-cli: `File path '<path>' does not exist`).
        case fileNotFound
        /// The path exists but is not a regular file.
        case notAFile
        /// The file could not be read or hashed.
        case unreadable(detail: String)
        /// An http(s) URL without a digest to verify it (bosh-cli requires one).
        case missingDigest
        /// The manifest's digest string does not parse or names no usable algorithm.
        case invalidDigest(detail: String)
        /// The content's digest differs from the manifest's.
        case digestMismatch(expected: String, actual: String)
        /// The download failed (its description names the URL, masked).
        case download(detail: String)
        /// The downloads cache could not be created or written.
        case cache(path: String, detail: String)
    }

    /// The artifact, e.g. `release 'bosh'` or `stemcell`.
    public var artifact: String
    /// The manifest key holding its digest, for hints.
    public var digestKey: String
    /// The local path, or the URL with its password and query masked.
    public var location: String
    /// What failed.
    public var reason: Reason

    /// Creates an error; `location` must already be masked.
    public init(artifact: String, digestKey: String, location: String, reason: Reason) {
        self.artifact = artifact
        self.digestKey = digestKey
        self.location = location
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .unsupportedURL:
            return "Resolving \(artifact): invalid source URL '\(location)', must be either file:// or http(s)://"
        case .relativePath:
            return "Resolving \(artifact): the path '\(location)' is relative; use an absolute path or a file:// URL"
        case .fileNotFound:
            return "Resolving \(artifact): file path '\(location)' does not exist"
        case .notAFile:
            return "Resolving \(artifact): '\(location)' is not a regular file"
        case .unreadable(let detail):
            return "Resolving \(artifact): cannot read '\(location)': \(detail)"
        case .missingDigest:
            return "Resolving \(artifact): '\(location)' is downloaded over http(s) but the manifest gives no "
                + "digest; set \(digestKey) (e.g. the output of `sha1sum`, or `sha256:<hex>`)"
        case .invalidDigest(let detail):
            return "Resolving \(artifact): the manifest's \(digestKey) is not a valid digest: \(detail)"
        case .digestMismatch(let expected, let actual):
            return "Resolving \(artifact): the digest of '\(location)' is '\(actual)' but the manifest's "
                + "\(digestKey) says '\(expected)'; check that the URL points at the intended tarball, "
                + "then correct \(digestKey)"
        case .download(let detail):
            return "Resolving \(artifact): \(detail)"
        case .cache(let path, let detail):
            return "Resolving \(artifact): cannot use the downloads cache '\(path)': \(detail)"
        }
    }
}

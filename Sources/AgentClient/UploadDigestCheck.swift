/// Whether `BlobstoreClient.upload` hashes the file it sends.
public enum UploadDigestCheck: Sendable, Hashable {
    /// Hash while streaming and compare with the expected digest, if any: for files whose
    /// content nobody has checked yet.
    case hashWhileSending
    /// Send without hashing when an expected digest is given: for files the caller has just
    /// verified or written itself (release packages checked on extraction, archives it
    /// built). Hashing them again costs about a third of an upload's CPU, and the agent
    /// checks the digest itself when it uses the blob, as with bosh-cli, which hashes nothing
    /// on upload. Without an expected digest this behaves as `.hashWhileSending`.
    case trustVerifiedFile
}

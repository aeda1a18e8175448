import AgentClient
import AgentProtocol
import CPIProtocol
import DeployerSupport
import Foundation
import ReleaseCompiler

/// Finds release and stemcell tarballs (local paths, the download cache, or downloads).
public protocol ArtifactResolving: Sendable {
    /// Resolves every request to a local, digest-checked file, in request order.
    /// - Throws: `ArtifactError` naming the artifact and its location.
    func resolve(_ requests: [ArtifactRequest]) async throws -> [ResolvedArtifact]
}

extension ArtifactResolver: ArtifactResolving {}

/// Reads release and stemcell tarballs.
public protocol ReleaseInspecting: Sendable {
    /// The `release.MF` of a release tarball, without extracting the rest.
    /// - Throws: `ReleaseError` / `ArchiveError`.
    func releaseManifest(tarball: String) async throws -> ReleaseManifest
    /// One job's `job.MF` from a release tarball, checked against `release`.
    /// - Throws: `ReleaseError` / `ArchiveError`.
    func jobManifest(tarball: String, job: String, release: ReleaseManifest) async throws -> JobManifest
    /// Extracts and verifies a release tarball into `directory`.
    /// - Throws: `ReleaseError` / `ArchiveError`.
    func extractRelease(tarball: String, into directory: String) async throws -> ExtractedRelease
    /// The `stemcell.MF` of a stemcell tarball.
    /// - Throws: `ReleaseError` / `ArchiveError`.
    func stemcellManifest(tarball: String) async throws -> StemcellManifest
    /// Extracts a stemcell tarball into `directory`.
    /// - Throws: `ReleaseError` / `ArchiveError`.
    func extractStemcell(tarball: String, into directory: String) async throws -> ExtractedStemcell
}

/// What installing a CPI needs.
public struct CPIInstallRequest: Sendable, Hashable {
    /// Every `cloud_provider.templates` job with its release tarball, in manifest order.
    public var jobs: [CPIJobSource]
    /// `cloud_provider.properties`.
    public var properties: PropertyValue
    /// The manifest `name`.
    public var deploymentName: String
    /// `<home>/installations/<installation_id>`.
    public var installationDirectory: String
    /// The state's `director_id` (CPI `context.director_uuid`).
    public var directorUUID: String
    /// `context.vm.stemcell.api_version`.
    public var stemcellAPIVersion: Int?

    /// Creates a request.
    public init(
        jobs: [CPIJobSource], properties: PropertyValue, deploymentName: String,
        installationDirectory: String, directorUUID: String, stemcellAPIVersion: Int?
    ) {
        self.jobs = jobs
        self.properties = properties
        self.deploymentName = deploymentName
        self.installationDirectory = installationDirectory
        self.directorUUID = directorUUID
        self.stemcellAPIVersion = stemcellAPIVersion
    }
}

/// Installs the CPI release locally and returns the cloud it drives.
public protocol CPIProvisioning: Sendable {
    /// Compiles, renders and installs the CPI jobs, reporting sub-steps on `stage`.
    /// - Throws: `ReleaseError` (compile or render failure).
    func install(_ request: CPIInstallRequest, stage: any Stage) async throws -> any Cloud
}

/// The agent's blob store as the orchestrator uses it.
public protocol BlobStoring: Sendable {
    /// Uploads `file` and returns its blob id and digest.
    /// - Parameters:
    ///   - expectedDigest: the file's bosh digest, already verified by the caller (release
    ///     members are checked on extraction, archives are digested as they are written), or
    ///     nil to compute one while sending.
    ///   - algorithm: computed when no digest is expected.
    /// - Throws: `AgentError`.
    func uploadBlob(file: String, expectedDigest: String?, algorithm: DigestAlgorithm) async throws -> BlobReference
    /// Downloads blob `blobID` into `file`, verifying `expectedDigest` when given.
    /// - Throws: `AgentError`.
    func downloadBlob(_ blobID: BlobID, to file: String, expectedDigest: String?) async throws
}

extension BlobstoreClient: BlobStoring {
    public func uploadBlob(
        file: String, expectedDigest: String?, algorithm: DigestAlgorithm
    ) async throws
        -> BlobReference
    {
        // The orchestrator only uploads files whose digest it has just checked or computed;
        // the agent verifies the digest again when it uses the blob.
        try await upload(
            file: URL(fileURLWithPath: file), expectedDigest: expectedDigest, algorithm: algorithm,
            check: .trustVerifiedFile
        ).reference
    }

    public func downloadBlob(_ blobID: BlobID, to file: String, expectedDigest: String?) async throws {
        _ = try await download(blobID: blobID, to: URL(fileURLWithPath: file), expectedDigest: expectedDigest)
    }
}

/// Makes the agent and blob store clients for the manifest's mbus URL.
public protocol AgentConnecting: Sendable {
    /// An agent client (nothing is contacted yet).
    /// - Throws: `AgentError` for a malformed URL.
    func agent(mbusURL: String, caPEM: String, replyTo: String) throws -> any Agent
    /// A blob store client on the same endpoint.
    /// - Throws: `AgentError` for a malformed URL.
    func blobstore(mbusURL: String, caPEM: String) throws -> any BlobStoring
}

import AgentClient
import AgentProtocol
import Deployer
import DeployerSupport

/// A `BlobStoring` that passes every transfer through `FaultInjection`.
struct FaultInjectingBlobStore: BlobStoring {
    let base: any BlobStoring
    let faults: FaultInjection

    func uploadBlob(file: String, expectedDigest: String?, algorithm: DigestAlgorithm) async throws -> BlobReference {
        try await faults.around("blobstore put") {
            try await base.uploadBlob(file: file, expectedDigest: expectedDigest, algorithm: algorithm)
        }
    }

    func downloadBlob(_ blobID: String, to file: String, expectedDigest: String?) async throws {
        try await faults.around("blobstore get") {
            try await base.downloadBlob(blobID, to: file, expectedDigest: expectedDigest)
        }
    }
}

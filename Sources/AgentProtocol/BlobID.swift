import DeployerSupport

/// The id of a blob in the agent's blob store (a lowercase UUID when the deployer makes it):
/// what `compile_package`, `apply` and `sync_dns` name and `GET`/`PUT /blobs/<id>` moves.
/// Typed so it is never confused with a task or disk id; on the wire a plain JSON string.
public struct BlobID: StringIdentifier {
    /// The id as written on the wire.
    public let rawValue: String

    /// Wraps an id read from the wire.
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// The five positional arguments of `compile_package` (spec agent.md §8), in order:
/// `[blob_id, digest, name, version, deps]`.
public struct CompilePackageArguments: Sendable, Hashable {
    /// Id of the uploaded source tarball.
    public var blobID: String
    /// Multi-digest of the source tarball (copied from `release.MF`).
    public var digest: String
    /// Package name.
    public var name: String
    /// bosh-cli passes the package fingerprint.
    public var version: String
    /// Immediate dependencies by name, pointing at their **compiled** blobs.
    public var dependencies: [String: PackageReference]

    /// Creates the arguments.
    public init(
        blobID: String, digest: String, name: String, version: String,
        dependencies: [String: PackageReference] = [:]
    ) {
        self.blobID = blobID
        self.digest = digest
        self.name = name
        self.version = version
        self.dependencies = dependencies
    }

    /// The `arguments` array of the RPC request.
    /// - Throws: `EncodingError` (not expected for these plain values).
    public func rpcArguments() throws -> [AgentJSON] {
        [.string(blobID), .string(digest), .string(name), .string(version), try AgentJSON(encoding: dependencies)]
    }

    /// Decodes the RPC `arguments` array (server side).
    /// - Throws: `DecodingError` when fewer than five arguments or a wrong type is given.
    public init(rpcArguments arguments: [AgentJSON]) throws {
        guard arguments.count >= 5 else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: [],
                debugDescription: "Not enough arguments, expected 5, got \(arguments.count)"))
        }
        blobID = try arguments[0].decode(String.self)
        digest = try arguments[1].decode(String.self)
        name = try arguments[2].decode(String.self)
        version = try arguments[3].decode(String.self)
        dependencies = try arguments[4].decode([String: PackageReference].self)
    }
}

/// The final value of `compile_package`: `{"result": {"blobstore_id", "sha1"}}`.
public struct CompilePackageResult: Codable, Sendable, Hashable {
    /// The compiled package blob; `sha1` is plain SHA-1 hex.
    public var result: BlobReference

    /// Wraps a compiled package blob.
    public init(result: BlobReference) {
        self.result = result
    }
}

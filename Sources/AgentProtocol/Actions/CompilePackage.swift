import DeployerSupport

/// The five positional arguments of `compile_package` (spec agent.md §8), in order:
/// `[blob_id, digest, name, version, deps]`.
public struct CompilePackageArguments: Sendable, Hashable {
    /// Id of the uploaded source tarball.
    public var blobID: BlobID
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
        blobID: BlobID, digest: String, name: String, version: String,
        dependencies: [String: PackageReference] = [:]
    ) {
        self.blobID = blobID
        self.digest = digest
        self.name = name
        self.version = version
        self.dependencies = dependencies
    }

    func encoded() throws -> [AgentJSON] {
        [
            .string(blobID.rawValue), .string(digest), .string(name), .string(version),
            try AgentJSON(encoding: dependencies),
        ]
    }

    init(decoding arguments: PositionalArguments) throws {
        try arguments.require(5)
        let values = arguments.values
        do {
            blobID = try values[0].decode(BlobID.self)
            digest = try values[1].decode(String.self)
            name = try values[2].decode(String.self)
            version = try values[3].decode(String.self)
            dependencies = try values[4].decode([String: PackageReference].self)
        } catch {
            throw AgentArgumentError.unmarshalling(Self.shortDescription(error))
        }
    }

    /// What went wrong in a decoding error, in a few words (the agent's message stays short).
    private static func shortDescription(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        if case DecodingError.typeMismatch(_, let context) = error {
            return "type mismatch at \(context.codingPath.map(\.stringValue))"
        }
        return "wrong argument types"
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

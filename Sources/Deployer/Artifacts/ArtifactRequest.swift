/// What kind of tarball an artifact is; it decides the wording of messages.
public enum ArtifactKind: String, Sendable, Hashable, Codable {
    /// A release tarball (`releases[]`).
    case release
    /// A stemcell tarball (`resource_pools[].stemcell`).
    case stemcell
}

/// One tarball the manifest asks for: where it is and the digest it must have.
public struct ArtifactRequest: Sendable, Hashable {
    /// The release name, or the resource pool's name for a stemcell.
    public var name: String
    /// Release or stemcell.
    public var kind: ArtifactKind
    /// The URL after `ArtifactURL.resolve`: `file://...`, `http(s)://...` or an absolute path.
    public var url: String
    /// The manifest's `sha1` (bosh multi-digest syntax); empty when not given.
    public var sha1: String

    /// Creates a request from its fields.
    public init(name: String, kind: ArtifactKind, url: String, sha1: String = "") {
        self.name = name
        self.kind = kind
        self.url = url
        self.sha1 = sha1
    }

    /// The request for one `releases[]` entry.
    public static func release(_ ref: ReleaseRef) -> ArtifactRequest {
        ArtifactRequest(name: ref.name, kind: .release, url: ref.url, sha1: ref.sha1)
    }

    /// The request for a resource pool's stemcell; `name` is the pool's name.
    public static func stemcell(_ ref: StemcellRef, name: String) -> ArtifactRequest {
        ArtifactRequest(name: name, kind: .stemcell, url: ref.url, sha1: ref.sha1)
    }

    /// How bosh-cli names it in messages: `release 'x'`, or `stemcell`.
    public var label: String {
        switch kind {
        case .release: "release '\(name)'"
        case .stemcell: "stemcell"
        }
    }

    /// The manifest key holding the expected digest, for "what to do" hints.
    var digestKey: String {
        switch kind {
        case .release: "releases[name=\(name)].sha1"
        case .stemcell: "resource_pools[name=\(name)].stemcell.sha1"
        }
    }
}

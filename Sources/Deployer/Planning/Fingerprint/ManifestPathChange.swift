/// One path of the manifest that differs from the last completed deploy.
public struct ManifestPathChange: Sendable, Hashable, CustomStringConvertible {
    /// How the path differs.
    public enum Kind: String, Sendable, Hashable {
        /// The path is new (a whole new subtree is one change, at its root).
        case added
        /// The path is gone (a whole removed subtree is one change, at its root).
        case removed
        /// The path holds another value.
        case changed
    }

    /// The path, in go-patch's syntax.
    public var path: String
    /// How it differs.
    public var kind: Kind

    /// Creates a change.
    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// `/instance_groups/name=bosh/jobs/name=app/properties/app/port changed`.
    public var description: String { "\(path) \(kind.rawValue)" }
}

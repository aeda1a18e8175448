/// A digest algorithm named in a bosh digest string (`sha1`, `sha256`, `sha512`, or an unknown
/// name that bosh-utils still parses but cannot compute).
public struct DigestAlgorithm: Hashable, Sendable, CustomStringConvertible {
    /// The algorithm's name as written in digest strings, e.g. `sha256`.
    public let name: String

    /// Creates an algorithm from its name; unknown names are kept so a multi-digest string that
    /// also carries a known digest still parses, as in bosh-utils.
    public init(name: String) {
        self.name = name
    }

    /// SHA-1, written bare (without prefix) in digest strings.
    public static let sha1 = DigestAlgorithm(name: "sha1")
    /// SHA-256, what modern bosh-cli computes for every new digest.
    public static let sha256 = DigestAlgorithm(name: "sha256")
    /// SHA-512.
    public static let sha512 = DigestAlgorithm(name: "sha512")

    /// Whether this process can compute the algorithm.
    public var isSupported: Bool { strength != nil }

    /// Higher is stronger; `nil` for an algorithm we cannot compute. Verification uses the
    /// strongest digest present (sha512 > sha256 > sha1), as bosh-utils does.
    var strength: Int? {
        switch name {
        case "sha1": 1
        case "sha256": 2
        case "sha512": 3
        default: nil
        }
    }

    public var description: String { name }
}

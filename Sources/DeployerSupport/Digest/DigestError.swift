/// Why a digest could not be parsed, computed or verified.
public enum DigestError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The digest string had no digest in it (`""` or only `;`).
    case empty(String)
    /// A piece of the digest string is not `<alphanumeric>` or `<alphanumeric>:<alphanumeric>`.
    case malformed(String)
    /// The same algorithm appears twice in one digest string.
    case duplicateAlgorithm(String, in: String)
    /// The algorithm cannot be computed here.
    case unsupportedAlgorithm(String)
    /// No algorithm was requested.
    case noAlgorithm
    /// The computed digests lack the algorithm the expected digest needs.
    case algorithmNotComputed(String, subject: String)
    /// The content's digest differs from the expected one.
    case mismatch(subject: String, expected: String, actual: String)
    /// Reading the content failed (`errno` value).
    case unreadable(path: String, code: Int32)

    public var description: String {
        switch self {
        case .empty(let text):
            "Digest string '\(text)' has no digest; supported algorithms: sha1, sha256, sha512"
        case .malformed(let piece):
            "Unable to parse digest string '\(piece)': algorithm and digest can only contain alphanumeric characters"
        case .duplicateAlgorithm(let algorithm, let text):
            "Multiple digests of the same algorithm '\(algorithm)' found in digests '\(text)'"
        case .unsupportedAlgorithm(let name):
            "Unable to compute digest of unknown algorithm '\(name)'"
        case .noAlgorithm:
            "No digest algorithm was requested"
        case .algorithmNotComputed(let algorithm, let subject):
            "No \(algorithm) digest was computed for \(subject)"
        case .mismatch(let subject, let expected, let actual):
            "Expected \(subject) to have digest '\(expected)' but was '\(actual)'"
        case .unreadable(let path, let code):
            "Calculating digest of '\(path)': \(String(cString: strerror(code)))"
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

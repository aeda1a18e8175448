import Crypto
import Foundation

/// The digest algorithms of bosh multi-digest strings (`<sha1 hex>`, `sha256:<hex>`,
/// `sha512:<hex>`, joined by `;`).
public enum BlobDigestAlgorithm: String, Sendable, Hashable, Comparable, CaseIterable {
    case sha1
    case sha256
    case sha512

    /// Ordered by strength, the order bosh uses to pick which one to verify.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.strength < rhs.strength
    }

    private var strength: Int {
        switch self {
        case .sha1: 1
        case .sha256: 2
        case .sha512: 3
        }
    }

    /// `hex` as a bosh digest string: bare hex for SHA-1, `algorithm:hex` otherwise.
    public func digestString(hex: String) -> String {
        self == .sha1 ? hex : "\(rawValue):\(hex)"
    }
}

/// The strongest entry of a bosh multi-digest string, which is the one that gets verified.
public struct ExpectedDigest: Sendable, Hashable {
    /// The entry's algorithm.
    public var algorithm: BlobDigestAlgorithm
    /// Its lowercase hex.
    public var hex: String

    /// Creates an entry.
    public init(algorithm: BlobDigestAlgorithm, hex: String) {
        self.algorithm = algorithm
        self.hex = hex
    }

    /// Parses `digest`; entries of unknown algorithms are skipped.
    /// - Returns: `nil` when no entry has a known algorithm and alphanumeric hex.
    public init?(parsing digest: String) {
        var best: ExpectedDigest?
        for rawEntry in digest.split(separator: ";") {
            let entry = rawEntry.trimmingCharacters(in: .whitespaces)
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            let algorithm: BlobDigestAlgorithm?
            let hex: String
            if parts.count == 1 {
                algorithm = .sha1
                hex = parts[0]
            } else {
                algorithm = BlobDigestAlgorithm(rawValue: parts[0].lowercased())
                hex = parts[1]
            }
            guard let algorithm, !hex.isEmpty, hex.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
            else { continue }
            if let current = best, algorithm <= current.algorithm { continue }
            best = ExpectedDigest(algorithm: algorithm, hex: hex.lowercased())
        }
        guard let best else { return nil }
        self = best
    }
}

/// Hashes bytes as they stream by, with one of the bosh algorithms.
struct StreamingHasher {
    private enum State {
        case sha1(Insecure.SHA1)
        case sha256(SHA256)
        case sha512(SHA512)
    }

    private var state: State
    let algorithm: BlobDigestAlgorithm

    init(_ algorithm: BlobDigestAlgorithm) {
        self.algorithm = algorithm
        switch algorithm {
        case .sha1: state = .sha1(Insecure.SHA1())
        case .sha256: state = .sha256(SHA256())
        case .sha512: state = .sha512(SHA512())
        }
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        switch state {
        case .sha1(var hasher):
            hasher.update(bufferPointer: bytes)
            state = .sha1(hasher)
        case .sha256(var hasher):
            hasher.update(bufferPointer: bytes)
            state = .sha256(hasher)
        case .sha512(var hasher):
            hasher.update(bufferPointer: bytes)
            state = .sha512(hasher)
        }
    }

    /// Lowercase hex of the digest.
    func finalizeHex() -> String {
        switch state {
        case .sha1(let hasher): Self.hex(hasher.finalize())
        case .sha256(let hasher): Self.hex(hasher.finalize())
        case .sha512(let hasher): Self.hex(hasher.finalize())
        }
    }

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}

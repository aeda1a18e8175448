import Foundation

/// One digest value: an algorithm and the lowercase hex of the hash.
///
/// Printed the way bosh prints digests: a SHA-1 digest is bare hex (the legacy form), every
/// other algorithm keeps its prefix (`sha256:<hex>`).
public struct Digest: Hashable, Sendable, CustomStringConvertible {
    /// The algorithm that produced `hex`.
    public let algorithm: DigestAlgorithm
    /// The hash in hexadecimal, lowercased so comparisons ignore the case of the input.
    public let hex: String

    /// Creates a digest from an algorithm and its hex value (a `<algorithm>:` prefix on `hex`
    /// is dropped, as bosh-utils does).
    public init(algorithm: DigestAlgorithm, hex: String) {
        self.algorithm = algorithm
        let prefix = algorithm.name + ":"
        let value = hex.hasPrefix(prefix) ? String(hex.dropFirst(prefix.count)) : hex
        self.hex = value.lowercased()
    }

    public var description: String {
        algorithm == .sha1 ? hex : "\(algorithm.name):\(hex)"
    }

    /// Computes the digest of a file, streaming it through 64 KiB blocks.
    ///
    /// - Parameters:
    ///   - path: the file to read.
    ///   - algorithm: a supported algorithm (`sha1`, `sha256`, `sha512`).
    /// - Throws: `DigestError` when the algorithm is unsupported or the file cannot be read.
    public static func compute(ofFile path: String, algorithm: DigestAlgorithm) throws(DigestError) -> Digest {
        let multi = try MultiDigest.compute(ofFile: path, algorithms: [algorithm])
        guard let digest = multi.digest(for: algorithm) else {
            throw DigestError.unsupportedAlgorithm(algorithm.name)
        }
        return digest
    }

    /// Computes the digest of bytes held in memory.
    ///
    /// - Throws: `DigestError.unsupportedAlgorithm` for an algorithm we cannot compute.
    public static func compute(of data: some DataProtocol, algorithm: DigestAlgorithm) throws(DigestError) -> Digest {
        var hasher = try DigestHasher(algorithms: [algorithm])
        hasher.update(data)
        guard let digest = hasher.finalize().digest(for: algorithm) else {
            throw DigestError.unsupportedAlgorithm(algorithm.name)
        }
        return digest
    }
}

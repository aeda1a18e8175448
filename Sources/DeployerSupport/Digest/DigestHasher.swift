import Crypto
import Foundation

/// Computes one or more digests of a byte stream fed block by block, so a file or tarball is
/// hashed in the same pass that reads it.
public struct DigestHasher: Sendable {
    private enum State: Sendable {
        case sha1(Insecure.SHA1)
        case sha256(SHA256)
        case sha512(SHA512)
    }

    private var states: [State]
    private let algorithms: [DigestAlgorithm]

    /// The number of bytes fed so far.
    public private(set) var byteCount: Int64 = 0

    /// Creates a hasher computing every algorithm in `algorithms` (duplicates are ignored).
    ///
    /// - Throws: `DigestError.unsupportedAlgorithm` for a name other than sha1/sha256/sha512,
    ///   `DigestError.noAlgorithm` for an empty list.
    public init(algorithms: [DigestAlgorithm]) throws(DigestError) {
        var unique: [DigestAlgorithm] = []
        for algorithm in algorithms where !unique.contains(algorithm) {
            unique.append(algorithm)
        }
        guard !unique.isEmpty else { throw DigestError.noAlgorithm }
        var states: [State] = []
        for algorithm in unique {
            switch algorithm {
            case .sha1: states.append(.sha1(Insecure.SHA1()))
            case .sha256: states.append(.sha256(SHA256()))
            case .sha512: states.append(.sha512(SHA512()))
            default: throw DigestError.unsupportedAlgorithm(algorithm.name)
            }
        }
        self.algorithms = unique
        self.states = states
    }

    /// Feeds one block of bytes.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        byteCount += Int64(buffer.count)
        for index in states.indices {
            switch states[index] {
            case .sha1(var h):
                h.update(bufferPointer: buffer)
                states[index] = .sha1(h)
            case .sha256(var h):
                h.update(bufferPointer: buffer)
                states[index] = .sha256(h)
            case .sha512(var h):
                h.update(bufferPointer: buffer)
                states[index] = .sha512(h)
            }
        }
    }

    /// Feeds bytes held in memory.
    public mutating func update(_ data: some DataProtocol) {
        for region in data.regions {
            region.withUnsafeBytes { update($0) }
        }
    }

    /// The digests of everything fed so far, one per algorithm, in the order given to `init`.
    public func finalize() -> MultiDigest {
        var digests: [Digest] = []
        for (algorithm, state) in zip(algorithms, states) {
            let bytes: [UInt8] =
                switch state {
                case .sha1(let h): Array(h.finalize())
                case .sha256(let h): Array(h.finalize())
                case .sha512(let h): Array(h.finalize())
                }
            digests.append(Digest(algorithm: algorithm, hex: Hex.string(bytes)))
        }
        return MultiDigest(uncheckedDigests: digests)
    }
}

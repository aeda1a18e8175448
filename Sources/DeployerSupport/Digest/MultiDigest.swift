import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A bosh digest string: one or more digests joined by `;`, e.g.
/// `da39a3ee5e6b4b0d3255bfef95601890afd80709;sha256:e3b0c442...`.
///
/// Grammar (from bosh-utils `crypto/multiple_digest.go`): each piece is `<hex>` (legacy
/// SHA-1) or `<algorithm>:<hex>`, both parts alphanumeric; empty pieces are ignored; one
/// algorithm may appear only once. Verification uses only the strongest digest present.
public struct MultiDigest: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The digests, in the order they were written.
    public let digests: [Digest]

    /// Creates a multi-digest from digests.
    ///
    /// - Throws: `DigestError.noAlgorithm` when `digests` is empty,
    ///   `DigestError.duplicateAlgorithm` when one algorithm appears twice.
    public init(_ digests: [Digest]) throws(DigestError) {
        guard !digests.isEmpty else { throw DigestError.noAlgorithm }
        try Self.checkUnique(digests)
        self.digests = digests
    }

    init(uncheckedDigests: [Digest]) {
        self.digests = uncheckedDigests
    }

    /// Parses a digest string as bosh writes it.
    ///
    /// - Throws: `DigestError.empty`, `.malformed` or `.duplicateAlgorithm`.
    public init(parsing text: String) throws(DigestError) {
        var digests: [Digest] = []
        for piece in text.split(separator: ";", omittingEmptySubsequences: true) {
            let parts = piece.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.allSatisfy({ Self.isAlphanumeric($0) }) else {
                throw DigestError.malformed(String(piece))
            }
            if parts.count == 1 {
                // Historically digests were SHA-1 only and carried no prefix.
                digests.append(Digest(algorithm: .sha1, hex: String(parts[0])))
            } else {
                digests.append(Digest(algorithm: DigestAlgorithm(name: String(parts[0])), hex: String(parts[1])))
            }
        }
        guard !digests.isEmpty else { throw DigestError.empty(text) }
        try Self.checkUnique(digests, text: text)
        self.digests = digests
    }

    /// The digest string: pieces joined by `;`, SHA-1 bare, others prefixed.
    public var description: String {
        digests.map(\.description).joined(separator: ";")
    }

    /// The digest verification uses: sha512, else sha256, else sha1, else the first one.
    public var strongest: Digest {
        let known = digests.filter { $0.algorithm.strength != nil }
        return known.max { ($0.algorithm.strength ?? 0) < ($1.algorithm.strength ?? 0) } ?? digests[0]
    }

    /// The digest of one algorithm, if present.
    public func digest(for algorithm: DigestAlgorithm) -> Digest? {
        digests.first { $0.algorithm == algorithm }
    }

    /// Checks computed digests against this expected one, using this value's strongest digest.
    ///
    /// - Parameters:
    ///   - computed: digests computed over the content (must include the strongest algorithm
    ///     of `self`).
    ///   - subject: what was digested, for the error message (e.g. `"release 'x.tgz'"`).
    /// - Throws: `DigestError.mismatch`, `.algorithmNotComputed` or `.unsupportedAlgorithm`.
    public func verify(_ computed: MultiDigest, subject: String) throws(DigestError) {
        let expected = strongest
        guard expected.algorithm.isSupported else {
            throw DigestError.unsupportedAlgorithm(expected.algorithm.name)
        }
        guard let actual = computed.digest(for: expected.algorithm) else {
            throw DigestError.algorithmNotComputed(expected.algorithm.name, subject: subject)
        }
        guard actual.hex == expected.hex else {
            throw DigestError.mismatch(subject: subject, expected: expected.description, actual: actual.description)
        }
    }

    /// Computes this value's strongest algorithm over a file and verifies it.
    ///
    /// - Throws: `DigestError` when the file cannot be read or does not match.
    public func verify(fileAt path: String) throws(DigestError) {
        let algorithm = strongest.algorithm
        guard algorithm.isSupported else { throw DigestError.unsupportedAlgorithm(algorithm.name) }
        let computed = try MultiDigest.compute(ofFile: path, algorithms: [algorithm])
        try verify(computed, subject: "'\(path)'")
    }

    /// Computes several digests of a file in one pass through 64 KiB blocks.
    ///
    /// - Throws: `DigestError.unreadable` naming the path, or `.unsupportedAlgorithm`.
    public static func compute(ofFile path: String, algorithms: [DigestAlgorithm]) throws(DigestError) -> MultiDigest {
        var hasher = try DigestHasher(algorithms: algorithms)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DigestError.unreadable(path: path, code: errno) }
        defer { close(fd) }
        let blockSize = 65536
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer.baseAddress, blockSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw DigestError.unreadable(path: path, code: errno)
            }
            if count == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return hasher.finalize()
    }

    // Codable as the plain digest string, as in bosh's JSON (state file, apply spec).
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func isAlphanumeric(_ text: Substring) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a)
            }
    }

    private static func checkUnique(_ digests: [Digest], text: String? = nil) throws(DigestError) {
        var seen: Set<DigestAlgorithm> = []
        for digest in digests where !seen.insert(digest.algorithm).inserted {
            throw DigestError.duplicateAlgorithm(
                digest.algorithm.name, in: text ?? digests.map(\.description).joined(separator: ";"))
        }
    }
}

import Foundation

extension MultiDigest {
    /// The strongest digest in `text` that this process can compute, read leniently: pieces
    /// are trimmed, algorithm names are case-insensitive, and pieces that are malformed or
    /// name an unknown algorithm are skipped instead of failing the whole string.
    ///
    /// This is the reading for a digest that only selects what to verify (blob transfers,
    /// cached compiled packages), where a stray piece must not stop a transfer that the
    /// strongest known digest can still check; `init(parsing:)` is the strict reading.
    /// - Returns: nil when no piece has a supported algorithm and alphanumeric hex.
    public static func strongestSupported(in text: String) -> Digest? {
        var best: Digest?
        for piece in text.split(separator: ";") {
            let entry = piece.trimmingCharacters(in: .whitespaces)
            guard let parsed = (try? MultiDigest(parsing: entry))?.digests.first else { continue }
            let algorithm = DigestAlgorithm(name: parsed.algorithm.name.lowercased())
            guard let strength = algorithm.strength, strength > (best?.algorithm.strength ?? 0) else { continue }
            best = Digest(algorithm: algorithm, hex: parsed.hex)
        }
        return best
    }
}

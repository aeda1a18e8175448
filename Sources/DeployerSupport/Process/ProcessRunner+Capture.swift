extension ProcessRunner {
    /// A byte buffer with a cap: either everything up to the cap (overflow is reported), or the
    /// last `limit` bytes of an unbounded stream.
    struct Capture: Sendable {
        enum Policy: Sendable { case failOnOverflow, keepTail }

        let limit: Int
        let policy: Policy
        private(set) var bytes: [UInt8] = []
        private(set) var overflowed = false

        init(limit: Int, policy: Policy) {
            self.limit = max(0, limit)
            self.policy = policy
        }

        /// Appends a chunk; returns false when a `failOnOverflow` capture went over its cap.
        mutating func append(_ chunk: some Collection<UInt8>) -> Bool {
            bytes.append(contentsOf: chunk)
            guard bytes.count > limit else { return true }
            overflowed = true
            switch policy {
            case .failOnOverflow:
                bytes.removeLast(bytes.count - limit)
                return false
            case .keepTail:
                // Trim in batches so a chatty child does not cost a memmove per chunk.
                if bytes.count > 2 * limit + 4096 { bytes.removeFirst(bytes.count - limit) }
                return true
            }
        }

        /// The kept bytes (for `keepTail`, the last `limit`).
        var result: [UInt8] {
            bytes.count > limit ? Array(bytes.suffix(limit)) : bytes
        }
    }
}

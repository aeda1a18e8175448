import Synchronization

/// The process-wide set of secret strings (generated passwords, keys read from a vars store)
/// that `Redactor` removes from any text it is given.
public final class SecretRegistry: Sendable {
    /// The registry shared by the whole process.
    public static let shared = SecretRegistry()

    private let secrets = Mutex<Set<String>>([])

    /// Creates an empty registry (tests use their own; production code uses `shared`).
    public init() {}

    /// Adds a secret; empty strings are ignored (they would match everywhere).
    public func register(_ secret: String) {
        guard !secret.isEmpty else { return }
        _ = secrets.withLock { $0.insert(secret) }
    }

    /// Adds several secrets.
    public func register(contentsOf secrets: some Sequence<String>) {
        for secret in secrets { register(secret) }
    }

    /// The registered secrets, longest first so a secret containing another is replaced whole.
    public var registered: [String] {
        secrets.withLock { Array($0) }.sorted {
            $0.utf8.count != $1.utf8.count ? $0.utf8.count > $1.utf8.count : $0 < $1
        }
    }

    /// Forgets every secret.
    public func removeAll() {
        secrets.withLock { $0.removeAll() }
    }
}

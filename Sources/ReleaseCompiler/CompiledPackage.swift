/// A compiled package ready to install: a tarball of its install directory's contents.
public struct CompiledPackage: Sendable, Equatable, Codable {
    /// How the package came to be compiled in this run.
    public enum Origin: String, Sendable, Equatable, Codable {
        /// Found in the cache: no script ran.
        case cached
        /// Its `packaging` script ran in this run.
        case compiled
        /// Shipped compiled in the release (`compiled_packages/`); stored as is.
        case precompiled
    }

    /// The name.
    public var name: String
    /// The release.MF fingerprint (the package `version` for the agent).
    public var fingerprint: String
    /// Content address in the cache: fingerprint + dependency keys + platform.
    public var cacheKey: String
    /// The `.tgz` inside the cache.
    public var tarball: String
    /// Digest string of `tarball` (`sha256:<hex>`).
    public var sha1: String
    /// Whether this run compiled it, found it cached, or took it precompiled.
    public var origin: Origin

    /// Creates a value from its parts.
    public init(name: String, fingerprint: String, cacheKey: String, tarball: String, sha1: String, origin: Origin) {
        self.name = name
        self.fingerprint = fingerprint
        self.cacheKey = cacheKey
        self.tarball = tarball
        self.sha1 = sha1
        self.origin = origin
    }
}

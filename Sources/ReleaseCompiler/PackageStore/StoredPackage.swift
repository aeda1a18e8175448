/// A CPI package compiled (or installed precompiled) at the place it runs from.
public struct StoredPackage: Sendable, Equatable {
    /// How the package came to be available in this run.
    public enum Origin: String, Sendable, Equatable {
        /// Its `packaging` script ran in this run.
        case compiled
        /// A complete, intact store entry from an earlier run (or another process) was used.
        case cached
        /// Shipped compiled in the release; extracted in this run.
        case precompiled
    }

    /// The package name.
    public var name: String
    /// The release.MF fingerprint (bosh-cli shows it in `Compiling package 'name/fingerprint'`).
    public var fingerprint: String
    /// The store key: fingerprint, dependencies' keys and platform.
    public var key: String
    /// `<store>/<key>`: the `BOSH_PACKAGES_DIR` the package was compiled with, holding the
    /// package and links to its dependencies.
    public var entryDirectory: String
    /// How it became available in this run.
    public var origin: Origin

    /// `<store>/<key>/<name>`: `BOSH_INSTALL_TARGET` at compile time, where it runs from.
    public var directory: String { entryDirectory + "/" + name }

    /// Creates a value from its parts.
    public init(name: String, fingerprint: String, key: String, entryDirectory: String, origin: Origin) {
        self.name = name
        self.fingerprint = fingerprint
        self.key = key
        self.entryDirectory = entryDirectory
        self.origin = origin
    }
}

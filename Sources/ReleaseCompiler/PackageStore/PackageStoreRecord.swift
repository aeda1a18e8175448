/// What `PackageStore` keeps beside each complete entry (`<root>/<key>.json`): written last,
/// after the package compiled, so its presence means the entry was finished.
struct PackageStoreRecord: Codable, Sendable, Equatable {
    /// The package name (the entry's one real subdirectory).
    var name: String
    /// The release.MF fingerprint.
    var fingerprint: String
    /// The absolute entry directory at the time it was compiled. Compiled packages bake
    /// absolute paths in (Ruby's prefix, rpaths, binstubs), so an entry found anywhere else
    /// (a moved or copied home) is compiled again rather than used.
    var entryDirectory: String
    /// Each dependency's name and the absolute directory its link in the entry points to.
    var dependencies: [String: String]
    /// `PackageTreeStamp` of the package directory when compilation ended.
    var stamp: String
    /// Whether it was compiled here or taken precompiled from a release.
    var precompiled: Bool
}

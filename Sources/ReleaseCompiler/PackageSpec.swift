import Foundation

/// A package's `spec` file in a release directory (build time only; spec release.md §4.1).
public struct PackageSpec: Sendable, Equatable {
    /// The name.
    public var name: String
    /// Names of the direct compile-time dependencies.
    public var dependencies: [String]
    /// Globs relative to `src/` and `blobs/`.
    public var files: [String]
    /// Globs removed from the `files` selection.
    public var excludedFiles: [String]

    /// Creates a value from its parts.
    public init(name: String, dependencies: [String] = [], files: [String] = [], excludedFiles: [String] = []) {
        self.name = name
        self.dependencies = dependencies
        self.files = files
        self.excludedFiles = excludedFiles
    }

    /// Reads `packages/<name>/spec`.
    ///
    /// - Throws: `ReleaseError.missingFile` / `.invalidManifest` naming the path.
    public static func read(path: String) throws -> PackageSpec {
        try from(YAMLDocument.read(path: path))
    }

    /// Parses the text of a package `spec` read from `path` (used in errors only).
    ///
    /// - Throws: `ReleaseError.invalidManifest` naming the path.
    public static func parse(_ text: String, path: String) throws -> PackageSpec {
        try from(YAMLDocument.parse(text, path: path))
    }

    private static func from(_ doc: YAMLDocument) throws -> PackageSpec {
        PackageSpec(
            name: try doc.requiredString("name", context: ""),
            dependencies: doc.stringList("dependencies"),
            files: doc.stringList("files"),
            excludedFiles: doc.stringList("excluded_files"))
    }
}

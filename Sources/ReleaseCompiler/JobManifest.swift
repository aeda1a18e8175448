import Foundation

/// A job's `spec` file (stored as `job.MF` in the job tarball; spec release.md §3).
public struct JobManifest: Sendable, Equatable {
    /// One declared property. Only `default` affects rendering.
    public struct Property: Sendable, Equatable {
        public var description: String?
        /// nil when the spec declares no default.
        public var defaultValue: PropertyValue?

        /// Creates a value from its parts.
        public init(description: String? = nil, defaultValue: PropertyValue? = nil) {
            self.description = description
            self.defaultValue = defaultValue
        }
    }

    /// A link the job consumes or provides (read for completeness; create-env ignores links).
    public struct Link: Sendable, Equatable {
        /// The name.
        public var name: String
        /// The link type.
        public var type: String?
        /// Whether the link may be missing.
        public var optional: Bool
    }

    /// One template: source under `templates/` and destination relative to the job directory.
    public struct Template: Sendable, Equatable {
        /// Path under the job's `templates/`.
        public var source: String
        /// Path relative to the rendered job directory (`bin/ctl`).
        public var destination: String

        /// Creates a value from its parts.
        public init(source: String, destination: String) {
            self.source = source
            self.destination = destination
        }
    }

    /// The name.
    public var name: String
    /// Template source (under `templates/`) → destination relative to the job directory,
    /// sorted by source for a stable rendering order.
    public var templates: [Template]
    /// Runtime packages the job needs.
    public var packages: [String]
    /// Dotted property name → definition.
    public var properties: [String: Property]
    /// Links consumed (ignored by create-env).
    public var consumes: [Link]
    /// Links provided (ignored by create-env).
    public var provides: [Link]

    /// Creates a value from its parts.
    public init(
        name: String, templates: [Template] = [], packages: [String] = [],
        properties: [String: Property] = [:], consumes: [Link] = [], provides: [Link] = []
    ) {
        self.name = name
        self.templates = templates
        self.packages = packages
        self.properties = properties
        self.consumes = consumes
        self.provides = provides
    }

    /// Parses a job spec.
    ///
    /// - Throws: `ReleaseError.invalidManifest` naming `path`.
    public static func parse(_ text: String, path: String) throws -> JobManifest {
        let doc = try YAMLDocument.parse(text, path: path)
        var templates: [Template] = []
        for (source, value) in doc.pairs("templates") {
            guard let destination = value.scalarText, !source.isEmpty else {
                throw ReleaseError.invalidManifest(path: path, reason: "template '\(source)' has no destination")
            }
            templates.append(Template(source: source, destination: destination))
        }
        templates.sort { $0.source < $1.source }
        var properties: [String: Property] = [:]
        for (name, definition) in doc.pairs("properties") {
            properties[name] = Property(
                description: definition.string("description"),
                defaultValue: definition.child("default")?.value)
        }
        func links(_ key: String) -> [Link] {
            doc.list(key).compactMap { item in
                item.string("name").map {
                    Link(name: $0, type: item.string("type"), optional: item.bool("optional") ?? false)
                }
            }
        }
        return JobManifest(
            name: try doc.requiredString("name", context: ""),
            templates: templates,
            packages: doc.stringList("packages"),
            properties: properties,
            consumes: links("consumes"),
            provides: links("provides"))
    }

    /// Reads a spec file from disk.
    public static func read(path: String) throws -> JobManifest {
        guard let data = FileManager.default.contents(atPath: path) else { throw ReleaseError.missingFile(path: path) }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }
}

import Foundation

/// `release.MF`: the index of a release tarball (spec release.md §1.1).
public struct ReleaseManifest: Sendable, Equatable {
    /// One job, source package, compiled package or license entry.
    public struct Entry: Sendable, Equatable {
        /// The name.
        public var name: String
        /// Deprecated duplicate of `fingerprint`, kept because old releases may differ.
        public var version: String
        /// The fingerprint from `release.MF`.
        public var fingerprint: String
        /// Digest string of the member's `.tgz` (bare hex = sha1, or `sha256:<hex>`).
        public var sha1: String
        /// Package entries: compile-time dependencies. Job entries: runtime packages.
        public var dependencies: [String]
        /// Compiled packages only: `<os>/<stemcell version>`.
        public var stemcell: String?

        /// Creates a value from its parts.
        public init(
            name: String, version: String, fingerprint: String, sha1: String,
            dependencies: [String] = [], stemcell: String? = nil
        ) {
            self.name = name
            self.version = version
            self.fingerprint = fingerprint
            self.sha1 = sha1
            self.dependencies = dependencies
            self.stemcell = stemcell
        }
    }

    /// The name.
    public var name: String
    /// The version, as text (`1.10` stays `1.10`).
    public var version: String
    /// Git short hash, `non-git` or `empty`.
    public var commitHash: String
    /// Whether the release directory had uncommitted changes.
    public var uncommittedChanges: Bool
    /// Job entries.
    public var jobs: [Entry]
    /// Source package entries.
    public var packages: [Entry]
    /// Compiled package entries.
    public var compiledPackages: [Entry]
    /// The license entry, if the release has one.
    public var license: Entry?
    /// Whether member tarballs are plain tar.
    public var noCompression: Bool

    /// Creates a value from its parts.
    public init(
        name: String, version: String, commitHash: String = "non-git", uncommittedChanges: Bool = false,
        jobs: [Entry] = [], packages: [Entry] = [], compiledPackages: [Entry] = [],
        license: Entry? = nil, noCompression: Bool = false
    ) {
        self.name = name
        self.version = version
        self.commitHash = commitHash
        self.uncommittedChanges = uncommittedChanges
        self.jobs = jobs
        self.packages = packages
        self.compiledPackages = compiledPackages
        self.license = license
        self.noCompression = noCompression
    }

    /// Parses the text of a `release.MF`.
    ///
    /// - Parameters:
    ///   - text: the YAML content.
    ///   - path: where it came from, for error messages.
    /// - Throws: `ReleaseError.invalidManifest` naming `path` and the missing key.
    public static func parse(_ text: String, path: String = "release.MF") throws -> ReleaseManifest {
        let doc = try YAMLDocument.parse(text, path: path)
        func entry(_ item: YAMLDocument, kind: String, depsKey: String) throws -> Entry {
            let name = try item.requiredString("name", context: "\(kind) entry: ")
            let fingerprint = item.string("fingerprint") ?? item.string("version") ?? ""
            guard !fingerprint.isEmpty else {
                throw ReleaseError.invalidManifest(path: path, reason: "\(kind) '\(name)': missing 'fingerprint'")
            }
            return Entry(
                name: name,
                version: item.string("version") ?? fingerprint,
                fingerprint: fingerprint,
                sha1: try item.requiredString("sha1", context: "\(kind) '\(name)': "),
                dependencies: item.stringList(depsKey),
                stemcell: item.string("stemcell"))
        }
        var license: Entry?
        if let lic = doc.child("license") {
            let fingerprint = lic.string("fingerprint") ?? lic.string("version") ?? ""
            license = Entry(
                name: "license", version: lic.string("version") ?? fingerprint, fingerprint: fingerprint,
                sha1: lic.string("sha1") ?? "")
        }
        return ReleaseManifest(
            name: try doc.requiredString("name", context: ""),
            version: try doc.requiredString("version", context: ""),
            commitHash: doc.string("commit_hash") ?? "",
            uncommittedChanges: doc.bool("uncommitted_changes") ?? false,
            jobs: try doc.list("jobs").map { try entry($0, kind: "job", depsKey: "packages") },
            packages: try doc.list("packages").map { try entry($0, kind: "package", depsKey: "dependencies") },
            compiledPackages: try doc.list("compiled_packages").map {
                try entry($0, kind: "compiled package", depsKey: "dependencies")
            },
            license: license,
            noCompression: doc.bool("no_compression") ?? false)
    }

    /// The YAML text bosh-cli writes for this manifest (same keys and order).
    public func yaml() -> String {
        var out = "name: \(Self.quoted(name))\nversion: \(Self.quoted(version))\n"
        out += "commit_hash: \(Self.quoted(commitHash))\nuncommitted_changes: \(uncommittedChanges)\n"
        func list(_ key: String, _ entries: [Entry], depsKey: String, stemcell: Bool) {
            guard !entries.isEmpty else { return }
            out += "\(key):\n"
            for entry in entries {
                out += "- name: \(Self.quoted(entry.name))\n"
                out += "  version: \(Self.quoted(entry.version))\n"
                out += "  fingerprint: \(Self.quoted(entry.fingerprint))\n"
                out += "  sha1: \(Self.quoted(entry.sha1))\n"
                if stemcell { out += "  stemcell: \(Self.quoted(entry.stemcell ?? ""))\n" }
                if entry.dependencies.isEmpty {
                    out += "  \(depsKey): []\n"
                } else {
                    out += "  \(depsKey):\n"
                    for dep in entry.dependencies { out += "  - \(Self.quoted(dep))\n" }
                }
            }
        }
        list("jobs", jobs, depsKey: "packages", stemcell: false)
        list("packages", packages, depsKey: "dependencies", stemcell: false)
        list("compiled_packages", compiledPackages, depsKey: "dependencies", stemcell: true)
        if let license {
            out += "license:\n  version: \(Self.quoted(license.version))\n"
            out += "  fingerprint: \(Self.quoted(license.fingerprint))\n  sha1: \(Self.quoted(license.sha1))\n"
        }
        out += "no_compression: \(noCompression)\n"
        return out
    }

    /// Quotes a scalar whenever plain YAML could read it as something other than this string.
    static func quoted(_ value: String) -> String {
        let plainSafe = value.allSatisfy { $0.isLetter || $0.isNumber || "-_./+".contains($0) }
        let looksTyped =
            Double(value) != nil || Int(value) != nil
            || ["true", "false", "yes", "no", "on", "off", "null", "~", ""].contains(value.lowercased())
        if plainSafe && !looksTyped && !(value.first.map { "-.".contains($0) } ?? true) { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}

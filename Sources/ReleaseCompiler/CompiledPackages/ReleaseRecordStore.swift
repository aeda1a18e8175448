import DeployerSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What this machine keeps of each release it deployed, so `export-release` can later write
/// the release compiled: its `release.MF`, its job tarballs and its `license.tgz`, under
/// `<root>/<name>/<version>/` (`$DEPLOYER_HOME/releases`). Package sources are never kept:
/// an export takes the compiled packages from `CompiledPackageCache`.
///
/// A record is built in a temporary directory beside its final place and renamed into it, so
/// a reader never sees half of one. A release deployed again with the same name and version
/// but other content (dev releases are rebuilt as `0+dev.1` over and over) replaces it.
public struct ReleaseRecordStore: Sendable {
    /// The directory holding every record.
    public let root: String

    /// - Parameter root: the records directory (created when first written).
    public init(root: String) {
        self.root = root
    }

    /// Keeps the record of an extracted release, replacing one of the same name and version
    /// whose `release.MF` differs.
    ///
    /// - Returns: the record as stored.
    /// - Throws: `ReleaseError.unsafePath` when the name or version cannot be a directory name;
    ///   `FileOperationError` or `ReleaseError.io` when a file cannot be copied or moved.
    @discardableResult
    public func keep(_ release: ExtractedRelease) throws -> ReleaseRecord {
        let manifest = release.manifest
        let parent = root + "/" + (try Self.component(manifest.name, of: "release name", in: manifest))
        let final = parent + "/" + (try Self.component(manifest.version, of: "release version", in: manifest))
        let jobs = try manifest.jobs.map { try Self.component($0.name, of: "job", in: manifest) }
        let manifestFile = release.directory + "/release.MF"
        let text = try Self.contents(of: manifestFile)
        if let existing = try? Self.contents(of: final + "/release.MF"), existing == text {
            return ReleaseRecord(manifest: manifest, directory: final)
        }
        let staging = try FileTree.makeTemporaryDirectory(prefix: Self.temporaryPrefix + "new", under: parent)
        defer { try? FileTree.remove(staging) }
        try FileTree.createDirectory(staging + "/jobs")
        for name in jobs {
            try Self.copy(release.directory + "/jobs/\(name).tgz", to: staging + "/jobs/\(name).tgz")
        }
        if manifest.license != nil, FileKind(of: release.directory + "/license.tgz") == .file {
            try Self.copy(release.directory + "/license.tgz", to: staging + "/license.tgz")
        }
        try Self.copy(manifestFile, to: staging + "/release.MF")
        try install(staging, at: final, parent: parent)
        return ReleaseRecord(manifest: manifest, directory: final)
    }

    /// The record of `name`/`version`, or nil when this machine never deployed it.
    ///
    /// - Throws: `ReleaseError.unsafePath` for a name or version that cannot be a directory
    ///   name; `ReleaseError.invalidManifest` when the stored `release.MF` cannot be read.
    public func record(name: String, version: String) throws -> ReleaseRecord? {
        try SafeRelativePath.checkName(name, owner: "release name")
        try SafeRelativePath.checkName(version, owner: "release version")
        let directory = root + "/" + name + "/" + version
        guard FileKind(of: directory + "/release.MF") == .file else { return nil }
        let text = String(decoding: try Self.contents(of: directory + "/release.MF"), as: UTF8.self)
        return ReleaseRecord(
            manifest: try ReleaseManifest.parse(text, path: directory + "/release.MF"), directory: directory)
    }

    /// Every recorded release as `name/version`, sorted.
    public func knownReleases() -> [String] {
        var known: [String] = []
        for name in Self.visibleEntries(of: root) {
            for version in Self.visibleEntries(of: root + "/" + name)
            where FileKind(of: root + "/\(name)/\(version)/release.MF") == .file {
                known.append(name + "/" + version)
            }
        }
        return known.sorted()
    }

    /// Names of staging and replaced directories, left out of `knownReleases()` (a uuid
    /// follows, so they never collide with a release's name or version).
    static let temporaryPrefix = ".tmp-"

    private static func visibleEntries(of directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { !$0.hasPrefix(temporaryPrefix) }
    }

    /// Renames `staging` to `final`; an older record there is moved aside first and removed.
    private func install(_ staging: String, at final: String, parent: String) throws {
        let aside = parent + "/" + Self.temporaryPrefix + "old-" + UUID().uuidString.lowercased()
        let replacing = FileKind(of: final) != .missing
        if replacing { try FileTree.move(final, to: aside) }
        defer { if replacing { try? FileTree.remove(aside) } }
        guard rename(staging, final) == 0 else {
            let code = errno
            // Another deploy recorded the same release at this moment: its record stands.
            if code == ENOTEMPTY || code == EEXIST { return }
            if replacing { _ = rename(aside, final) }
            throw FileOperationError(operation: "Recording release in", path: final, code: code)
        }
    }

    private static func component(_ name: String, of kind: String, in manifest: ReleaseManifest) throws -> String {
        try SafeRelativePath.checkName(name, owner: "release '\(manifest.name)/\(manifest.version)' \(kind)")
        return name
    }

    private static func contents(of path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReleaseError.io(operation: "Reading", path: path, reason: "cannot read the file")
        }
        return data
    }

    /// Copies a small file (a job, the license, release.MF) into a record.
    private static func copy(_ source: String, to destination: String) throws {
        guard FileKind(of: source) == .file else { throw ReleaseError.missingFile(path: source) }
        do {
            try FileManager.default.copyItem(atPath: source, toPath: destination)
        } catch {
            throw FileOperationError(operation: "Copying '\(source)' to", path: destination, error: error)
        }
    }
}

extension SafeRelativePath {
    /// Checks that `name` from a release can be one directory name.
    /// - Throws: `ReleaseError.unsafePath` naming `owner` and the name.
    static func checkName(_ name: String, owner: String) throws {
        guard isSafeComponent(name) else { throw ReleaseError.unsafePath(owner: owner, path: name) }
    }
}

/// One release as `ReleaseRecordStore` keeps it.
public struct ReleaseRecord: Sendable, Equatable {
    /// The release's own `release.MF`.
    public var manifest: ReleaseManifest
    /// `<root>/<name>/<version>`.
    public var directory: String

    /// Creates a value from its parts.
    public init(manifest: ReleaseManifest, directory: String) {
        self.manifest = manifest
        self.directory = directory
    }

    /// The kept tarball of job `name` (a name from `manifest`, already checked).
    public func jobTarball(_ name: String) -> String { directory + "/jobs/\(name).tgz" }

    /// The kept `license.tgz`, when the release has one.
    public var licenseTarball: String? {
        let path = directory + "/license.tgz"
        return manifest.license != nil && FileKind(of: path) == .file ? path : nil
    }

    /// Every package of the release, source packages first and then compiled ones not also
    /// present as source (as `ReleaseReader` lists them).
    public var packages: [ReleaseManifest.Entry] {
        let sourceNames = Set(manifest.packages.map(\.name))
        return manifest.packages + manifest.compiledPackages.filter { !sourceNames.contains($0.name) }
    }
}

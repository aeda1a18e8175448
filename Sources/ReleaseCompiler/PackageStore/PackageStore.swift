import DeployerSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where CPI packages are compiled and run from, shared by every installation on the machine
/// (`$DEPLOYER_HOME/packages`, or bosh-cli's `--package-dir`).
///
/// Packages built the way Ruby CPIs build them only work at the path they were compiled at:
/// `./configure --prefix=$BOSH_INSTALL_TARGET`, rpaths into that prefix, binstubs holding
/// absolute paths. So an entry is never moved or copied. Each package gets a stable,
/// content-addressed entry:
///
/// ```
/// <root>/<key>/            BOSH_PACKAGES_DIR while <name> compiled
/// <root>/<key>/<name>/     BOSH_INSTALL_TARGET: the package, run from here
/// <root>/<key>/<dep>       -> <root>/<dep key>/<dep>   (each direct dependency)
/// <root>/<key>.json        PackageStoreRecord, written once the entry is complete
/// <root>/<key>.lock        held while the entry is checked or compiled
/// ```
///
/// The key covers the fingerprint, the dependencies' keys and the platform, so the same key
/// always means the same inputs; an installation links `<installation>/packages/<name>` to
/// `<root>/<key>/<name>`. A path compiled into a package therefore stays valid for as long as
/// the entry exists, whichever installation runs it.
public struct PackageStore: Sendable {
    /// The store directory.
    public let root: String

    /// - Parameter root: an absolute directory (created when first used).
    public init(root: String) {
        self.root = root
    }

    /// The key of a package: its fingerprint, whether it is precompiled, its direct
    /// dependencies' keys (which cover theirs) and the platform. 32 hex digits keep compiled
    /// paths short: a binstub's `#!` line must fit the kernel's limit.
    public static func key(
        fingerprint: String, precompiled: Bool, dependencyKeys: [String: String], platform: String
    ) -> String {
        let dependencies = dependencyKeys.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }
        let text = [
            "deployer-package-v2", fingerprint, precompiled ? "precompiled" : platform,
            dependencies.joined(separator: ","),
        ].joined(separator: "\n")
        let hex = (try? Digest.compute(of: Data(text.utf8), algorithm: .sha256).hex) ?? fingerprint
        return String(hex.prefix(32))
    }

    /// `<root>/<key>`.
    public func entryDirectory(key: String) -> String { root + "/" + key }

    func lockPath(key: String) -> String { root + "/" + key + ".lock" }

    /// The store with its root created and resolved to its canonical path, so the entry
    /// directories recorded and compiled into packages never go through a symlink that could
    /// later point elsewhere.
    ///
    /// - Throws: `ReleaseError.io` when the root cannot be created.
    public func prepared() throws -> PackageStore {
        try FileTree.createDirectory(root)
        guard let canonical = Self.realPath(root) else {
            throw ReleaseError.io(operation: "Resolving", path: root, reason: String(cString: strerror(errno)))
        }
        return PackageStore(root: canonical)
    }

    func recordPath(key: String) -> String { root + "/" + key + ".json" }

    /// The entry's record when the entry is complete, where it was compiled, linked to
    /// `dependencies` and unchanged since; nil otherwise (absent, half-written, moved,
    /// relinked or damaged), in which case it must be compiled again.
    func intactRecord(key: String, name: String, dependencies: [String: String]) -> PackageStoreRecord? {
        guard let data = FileManager.default.contents(atPath: recordPath(key: key)),
            let record = try? JSONDecoder().decode(PackageStoreRecord.self, from: data)
        else { return nil }
        let entry = entryDirectory(key: key)
        guard record.name == name, record.entryDirectory == entry, record.dependencies == dependencies,
            Self.realPath(entry) == entry
        else { return nil }
        for (dependency, target) in dependencies {
            let link = entry + "/" + dependency
            guard (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == target else { return nil }
        }
        guard FileKind(of: entry + "/" + name) == .directory,
            (try? PackageTreeStamp.compute(of: entry + "/" + name)) == record.stamp
        else { return nil }
        return record
    }

    /// Empties the entry for `key` and lays out its directory: the package's empty install
    /// directory and one link per dependency. Call it with the entry's lock held.
    func resetEntry(key: String, name: String, dependencies: [String: String]) throws {
        let entry = entryDirectory(key: key)
        // The record goes first: from here until `seal` the entry is incomplete.
        unlink(recordPath(key: key))
        try? FileTree.remove(entry)
        try FileTree.createDirectory(entry + "/" + name)
        for (dependency, target) in dependencies.sorted(by: { $0.key < $1.key }) {
            guard symlink(target, entry + "/" + dependency) == 0 else {
                throw ReleaseError.io(
                    operation: "Linking dependency '\(dependency)' into", path: entry,
                    reason: String(cString: strerror(errno)))
            }
        }
    }

    /// Records a finished entry (atomically, last), which makes it usable.
    func seal(key: String, name: String, fingerprint: String, dependencies: [String: String], precompiled: Bool) throws
    {
        let entry = entryDirectory(key: key)
        let record = PackageStoreRecord(
            name: name, fingerprint: fingerprint, entryDirectory: entry, dependencies: dependencies,
            stamp: try PackageTreeStamp.compute(of: entry + "/" + name), precompiled: precompiled)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        do {
            try AtomicFile.write(try encoder.encode(record), to: recordPath(key: key), mode: 0o644)
        } catch {
            throw ReleaseError.io(
                operation: "Recording compiled package '\(name)' in", path: recordPath(key: key), reason: "\(error)")
        }
    }

    /// The canonical absolute path of an existing file, or nil.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

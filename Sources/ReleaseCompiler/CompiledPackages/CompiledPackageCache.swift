import DeployerSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Content-addressed store of compiled packages under a root directory
/// (`$DEPLOYER_HOME/compiled/`), shared by every deployment on the machine.
///
/// An entry is a directory `<root>/<key>/` holding `package.tgz` and `entry.json`. It is built
/// in a temporary directory under the root and renamed into place, so readers (and other
/// processes) only ever see complete entries; when two processes compile the same package at
/// once, the first rename wins and the other copy is discarded.
public actor CompiledPackageCache {
    /// The entry metadata kept beside the tarball.
    struct Metadata: Codable {
        var name: String
        var fingerprint: String
        var sha1: String
    }

    /// The cache directory.
    public nonisolated let root: String

    /// - Parameter root: the cache directory (created when first written).
    public init(root: String) {
        self.root = root
    }

    /// The cache key of a package: SHA-256 of its fingerprint, its direct dependencies' keys
    /// (sorted, so the key covers the whole dependency tree) and the platform.
    public nonisolated static func key(fingerprint: String, dependencyKeys: [String], platform: String) -> String {
        let text =
            "deployer-compiled-v1\n\(fingerprint)\n\(dependencyKeys.sorted().joined(separator: ","))\n\(platform)"
        return (try? Digest.compute(of: Data(text.utf8), algorithm: .sha256).hex) ?? text
    }

    /// The entry for `key`, or nil when absent.
    public func lookup(key: String) -> CompiledPackage? {
        let directory = root + "/" + key
        let tarball = directory + "/package.tgz"
        guard FileKind(of: tarball) == .file,
            let data = FileManager.default.contents(atPath: directory + "/entry.json"),
            let metadata = try? JSONDecoder().decode(Metadata.self, from: data)
        else { return nil }
        return CompiledPackage(
            name: metadata.name, fingerprint: metadata.fingerprint, cacheKey: key, tarball: tarball,
            sha1: metadata.sha1, origin: .cached)
    }

    /// Moves (or with `copy` hard-links, else copies) `tarball` into the cache under `key`.
    ///
    /// - Returns: the stored entry (another process's identical entry if it got there first).
    /// - Throws: `ReleaseError.io` naming the path that failed.
    public func store(
        key: String, name: String, fingerprint: String, tarball: String, copy: Bool, origin: CompiledPackage.Origin
    ) throws -> CompiledPackage {
        if var existing = lookup(key: key) {
            existing.origin = origin
            return existing
        }
        let staging = try FileTree.makeTemporaryDirectory(prefix: ".tmp-\(key.prefix(12))", under: root)
        defer { try? FileTree.remove(staging) }
        let staged = staging + "/package.tgz"
        do {
            if copy {
                // A release's compiled package is never changed in place: a link is enough.
                try FileTree.linkOrCopy(tarball, to: staged)
            } else {
                try FileManager.default.moveItem(atPath: tarball, toPath: staged)
            }
        } catch {
            throw ReleaseError.io(
                operation: "Storing compiled package '\(name)' from", path: tarball, reason: "\(error)")
        }
        let sha1 = try ArchiveDigests.sha256(ofFile: staged)
        let metadata = try JSONEncoder().encode(Metadata(name: name, fingerprint: fingerprint, sha1: sha1))
        try AtomicFile.write(metadata, to: staging + "/entry.json", mode: 0o644)
        let final = root + "/" + key
        if rename(staging, final) != 0 {
            let code = errno
            // ENOTEMPTY/EEXIST: another process stored the same key first; use its entry.
            guard code == ENOTEMPTY || code == EEXIST, var existing = lookup(key: key) else {
                throw ReleaseError.io(
                    operation: "Storing compiled package '\(name)' in", path: final,
                    reason: String(cString: strerror(code)))
            }
            existing.origin = origin
            return existing
        }
        return CompiledPackage(
            name: name, fingerprint: fingerprint, cacheKey: key, tarball: final + "/package.tgz", sha1: sha1,
            origin: origin)
    }
}

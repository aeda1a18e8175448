import DeployerSupport
import Foundation

/// Installs compiled package blobs the real agent's way: extracted once into
/// `data/packages/<name>/<version>` and linked as `packages/<name>`.
struct PackageInstaller: Sendable {
    let layout: VMLayout
    let blobstore: LocalBlobstore

    /// Where package `name` at `version` lives.
    func installDirectory(name: String, version: String) -> String {
        layout.dataPackagesDir + "/" + name + "/" + version
    }

    /// Extracts the blob (checked against `digest`) unless that version is already
    /// installed, then links `packages/<name>` to it.
    /// - Returns: the install directory.
    /// - Throws: `LocalAgentError` naming the package, blob or path.
    @discardableResult
    func install(name: String, version: String, blobID: String, digest: String) throws -> String {
        try LocalAgentError.requireSafeComponent(name, what: "Package name")
        try LocalAgentError.requireSafeComponent(version, what: "Package version")
        let target = installDirectory(name: name, version: version)
        if !FileTree.isDirectory(target) {
            let blob = try blobstore.verifiedPath(forID: blobID, digest: digest)
            let parent = layout.dataPackagesDir + "/" + name
            try FileTree.createDirectory(parent)
            // Extract beside the target and rename: a half-extracted package is never
            // mistaken for an installed one.
            let partial = parent + "/.\(version).partial-\(UUID().uuidString.prefix(8))"
            do {
                try LibArchiveReader().extract(tarball: blob, to: partial)
                try FileTree.move(partial, to: target)
            } catch {
                try? FileTree.remove(partial)
                throw LocalAgentError.wrapping("Installing package '\(name)'", error)
            }
        }
        try FileTree.replaceSymlink(at: layout.packagesDir + "/" + name, to: target)
        return target
    }
}

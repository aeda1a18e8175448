import DeployerSupport
import Foundation

/// Reads a release source directory (`jobs/`, `packages/`, `src/`, `blobs/`, `config/`) the
/// way `bosh create-release` does and computes every job's and package's fingerprint
/// (upstream release/job/dir_reader.go, release/pkg/dir_reader.go, release/license/dir_reader.go).
struct ReleaseDirectoryReader {
    /// A job or package ready to be staged: its files and fingerprint.
    struct Resource {
        var name: String
        var fingerprint: String
        var files: [Fingerprinter.File]
        /// Packages: `dependencies`; jobs: runtime `packages`.
        var dependencies: [String]
        /// Packages only: `pre_packaging`, run in the staging directory and then removed.
        var prePackaging: Fingerprinter.File?
        /// Packages keep symlinks as links; jobs copy their targets.
        var followSymlinks: Bool
    }

    let root: String

    var srcDir: String { root + "/src" }
    var blobsDir: String { root + "/blobs" }

    /// The release name from `config/final.yml` (`final_name` for very old releases).
    func finalName() -> String? {
        guard let doc = try? YAMLDocument.read(path: root + "/config/final.yml") else { return nil }
        return doc.string("name") ?? doc.string("final_name")
    }

    /// Checks every blob of `config/blobs.yml` is present in `blobs/` with the recorded size and
    /// digest (we do not download blobs from a blobstore).
    func verifyBlobs() throws {
        let path = root + "/config/blobs.yml"
        guard FileKind(of: path) == .file else { return }
        let text = String(decoding: try PlainFile.read(path), as: UTF8.self)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed == "---" { return }
        let node = try YAMLDocument.parse(text, path: path)
        for (blobPath, entry) in node.entries where !blobPath.isEmpty {
            let local = blobsDir + "/" + blobPath
            guard SafeRelativePath.isSafe(blobPath) else { throw ReleaseError.unsafePath(owner: path, path: blobPath) }
            guard FileKind(of: local) != .missing else {
                throw ReleaseError.invalidReleaseDirectory(
                    path: root,
                    reason:
                        "blob '\(blobPath)' from config/blobs.yml is not in blobs/ (downloading blobs is not supported; place it there)"
                )
            }
            if let size = entry.int("size"),
                let actual = (try? FileManager.default.attributesOfItem(atPath: local))?[.size] as? Int, actual != size
            {
                throw ReleaseError.invalidReleaseDirectory(
                    path: root, reason: "blob '\(blobPath)' has size \(actual), config/blobs.yml says \(size)")
            }
            if let sha = entry.string("sha") {
                try ArchiveDigests.verify(file: local, expected: sha) { expected, actual in
                    ReleaseError.invalidReleaseDirectory(
                        path: root,
                        reason: "blob '\(blobPath)' digest mismatch: expected '\(expected)', actual '\(actual)'")
                }
            }
        }
    }

    func jobNames() throws -> [String] { try subdirectories(of: root + "/jobs") }
    func packageNames() throws -> [String] { try subdirectories(of: root + "/packages") }

    private func subdirectories(of path: String) throws -> [String] {
        guard FileKind(of: path) == .directory else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") && FileKind(of: path + "/" + $0) == .directory }.sorted()
    }

    /// Reads `jobs/<directory>`.
    func readJob(directory: String) throws -> Resource {
        let dir = root + "/jobs/" + directory
        let manifest = try JobManifest.read(path: dir + "/spec")
        guard manifest.name == directory else {
            throw ReleaseError.invalidReleaseDirectory(
                path: root, reason: "Job directory '\(directory)' does not match job name '\(manifest.name)' in spec")
        }
        // The spec is included (as job.MF) so metadata changes change the fingerprint.
        var files = [Fingerprinter.File(path: dir + "/spec", relativePath: "job.MF")]
        for optional in ["monit", "properties_schema.json"] where FileKind(of: dir + "/" + optional) != .missing {
            files.append(Fingerprinter.File(path: dir + "/" + optional, relativePath: optional))
        }
        for template in manifest.templates {
            guard SafeRelativePath.isSafe(template.source) else {
                throw ReleaseError.unsafePath(owner: "job '\(manifest.name)'", path: template.source)
            }
            let path = dir + "/templates/" + template.source
            guard FileKind(of: path) != .missing else { throw ReleaseError.missingFile(path: path) }
            files.append(Fingerprinter.File(path: path, relativePath: "templates/" + template.source))
        }
        let fingerprint = try Fingerprinter.fingerprint(files: files, followSymlinks: true)
        return Resource(
            name: manifest.name, fingerprint: fingerprint, files: files, dependencies: manifest.packages,
            prePackaging: nil, followSymlinks: true)
    }

    /// Reads `packages/<directory>`.
    func readPackage(directory: String) throws -> Resource {
        let dir = root + "/packages/" + directory
        let spec = try PackageSpec.read(path: dir + "/spec")
        guard FileKind(of: dir + "/packaging") != .missing else {
            throw ReleaseError.invalidReleaseDirectory(
                path: root, reason: "Expected to find '\(dir)/packaging' for package '\(spec.name)'")
        }
        var files = [Fingerprinter.File(path: dir + "/packaging", relativePath: "packaging", excludeMode: true)]
        var prePackaging: Fingerprinter.File?
        if FileKind(of: dir + "/pre_packaging") != .missing {
            let file = Fingerprinter.File(
                path: dir + "/pre_packaging", relativePath: "pre_packaging", excludeMode: true)
            files.append(file)
            prePackaging = file
        }
        let srcFiles = try FileTree.listFiles(under: srcDir)
        let blobFiles = try FileTree.listFiles(under: blobsDir)
        var byRelative: [String: Fingerprinter.File] = [:]
        for pattern in spec.files {
            let glob = PathGlob(pattern)
            var found = false
            // src/ wins over blobs/ for the same relative path, as in bosh-cli.
            for (base, candidates) in [(srcDir, srcFiles), (blobsDir, blobFiles)] {
                for relative in candidates where glob.matches(relative) {
                    found = true
                    if byRelative[relative] == nil {
                        byRelative[relative] = Fingerprinter.File(path: base + "/" + relative, relativePath: relative)
                    }
                }
            }
            guard found else {
                throw ReleaseError.invalidReleaseDirectory(
                    path: root, reason: "package '\(spec.name)': Missing files for pattern '\(pattern)'")
            }
        }
        for pattern in spec.excludedFiles {
            let glob = PathGlob(pattern)
            for relative in byRelative.keys where glob.matches(relative) { byRelative[relative] = nil }
        }
        for special in ["packaging", "pre_packaging"] where byRelative[special] != nil {
            throw ReleaseError.invalidReleaseDirectory(
                path: root,
                reason:
                    "Expected special '\(special)' file to not be included via 'files' key for package '\(spec.name)'")
        }
        files += byRelative.values.sorted { $0.relativePath < $1.relativePath }
        let fingerprint = try Fingerprinter.fingerprint(
            files: files, additionalChunks: spec.dependencies, followSymlinks: false)
        return Resource(
            name: spec.name, fingerprint: fingerprint, files: files, dependencies: spec.dependencies,
            prePackaging: prePackaging, followSymlinks: false)
    }

    /// `LICENSE*` and `NOTICE*` at the top of the release, if any.
    func readLicense() throws -> Resource? {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .filter { ($0.hasPrefix("LICENSE") || $0.hasPrefix("NOTICE")) && FileKind(of: root + "/" + $0) == .file }
            .sorted()
        guard !names.isEmpty else { return nil }
        let files = names.map { Fingerprinter.File(path: root + "/" + $0, relativePath: $0, excludeMode: true) }
        let fingerprint = try Fingerprinter.fingerprint(files: files, followSymlinks: false)
        return Resource(
            name: "license", fingerprint: fingerprint, files: files, dependencies: [], prePackaging: nil,
            followSymlinks: false)
    }
}

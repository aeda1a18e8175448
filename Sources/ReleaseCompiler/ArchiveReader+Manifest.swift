import DeployerSupport

extension ArchiveReader {
    /// The first step of reading a release or a stemcell: extracts the whole tarball into
    /// `directory` and reads the manifest at its top (`release.MF`, `stemcell.MF`).
    ///
    /// - Parameters:
    ///   - kind: what the tarball holds (`release`, `stemcell`), for the messages.
    ///   - manifest: the manifest's file name.
    /// - Returns: the manifest's text and the name that parse errors give it (`<tarball>:<manifest>`).
    /// - Throws: `ReleaseError.invalidManifest` when the tarball has no such manifest,
    ///   `ArchiveError` (in an "Extracting <kind>" context) or a file error.
    func extractReadingManifest(
        tarball: String, into directory: String, kind: String, manifest: String
    ) throws -> (text: String, path: String) {
        try FileTree.createDirectory(directory)
        try withContext("Extracting \(kind) '\(tarball)'") {
            _ = try extract(tarball: tarball, to: directory)
        }
        let manifestPath = directory + "/" + manifest
        guard FileKind(of: manifestPath) == .file else {
            throw ReleaseError.invalidManifest(path: tarball, reason: "no \(manifest) in the tarball")
        }
        return (String(decoding: try PlainFile.read(manifestPath), as: UTF8.self), "\(tarball):\(manifest)")
    }
}

import DeployerSupport
import Foundation

/// An extracted stemcell: its manifest and the path of its image (empty for a light stemcell).
public struct ExtractedStemcell: Sendable, Equatable {
    /// The parsed `stemcell.MF`.
    public var manifest: StemcellManifest
    /// Where it was extracted.
    public var directory: String
    /// `<directory>/image`, the argument of `create_stemcell`.
    public var imagePath: String
    /// True when the image is empty: the cloud already has it (`cloud_properties` say where).
    public var isLight: Bool

    /// Creates a value from its parts.
    public init(manifest: StemcellManifest, directory: String, imagePath: String, isLight: Bool) {
        self.manifest = manifest
        self.directory = directory
        self.imagePath = imagePath
        self.isLight = isLight
    }
}

/// Reads stemcell tarballs (spec release.md §7).
public struct StemcellReader: Sendable {
    private let archives: any ArchiveReader

    /// Creates a value from its parts.
    public init(archives: any ArchiveReader = LibArchiveReader()) {
        self.archives = archives
    }

    /// Reads only `stemcell.MF` (no extraction): enough to decide whether an upload is needed.
    ///
    /// - Throws: `ArchiveError` when the member is missing, `ReleaseError.invalidManifest`.
    public func readManifest(tarball: String) throws -> StemcellManifest {
        let data = try archives.readMember(named: "stemcell.MF", in: tarball, limit: 16 << 20)
        return try StemcellManifest.parse(String(decoding: data, as: UTF8.self), path: "\(tarball):stemcell.MF")
    }

    /// Extracts the whole stemcell into `directory` and parses its manifest.
    ///
    /// - Parameter verifyImage: also check `image` against the manifest's `sha1` (bosh-cli
    ///   does not; a light stemcell's image is empty and carries the empty file's sha1).
    /// - Throws: `ReleaseError.digestMismatch` for a bad image, `.invalidManifest`,
    ///   `.missingFile` when there is no `image`, `ArchiveError`.
    public func extract(
        tarball: String, into directory: String, verifyImage: Bool = false
    ) async throws -> ExtractedStemcell {
        let archives = self.archives
        return try await runOnDedicatedThread {
            let manifestFile = try archives.extractReadingManifest(
                tarball: tarball, into: directory, kind: "stemcell", manifest: "stemcell.MF")
            let manifest = try StemcellManifest.parse(manifestFile.text, path: manifestFile.path)
            let image = directory + "/image"
            guard FileKind(of: image) == .file else { throw ReleaseError.missingFile(path: image) }
            let size = (try? FileManager.default.attributesOfItem(atPath: image))?[.size] as? Int ?? 0
            if verifyImage, !manifest.sha1.isEmpty {
                try ArchiveDigests.verify(file: image, expected: manifest.sha1) { expected, actual in
                    .digestMismatch(
                        release: "stemcell \(manifest.name)/\(manifest.version)", member: "image", expected: expected,
                        actual: actual)
                }
            }
            return ExtractedStemcell(manifest: manifest, directory: directory, imagePath: image, isLight: size == 0)
        }
    }
}

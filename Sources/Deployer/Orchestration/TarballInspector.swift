import ReleaseCompiler

/// `ReleaseInspecting` over the real tarball readers.
public struct TarballInspector: ReleaseInspecting {
    private let releases: ReleaseReader
    private let stemcells: StemcellReader

    /// Creates an inspector using libarchive.
    public init(releases: ReleaseReader = ReleaseReader(), stemcells: StemcellReader = StemcellReader()) {
        self.releases = releases
        self.stemcells = stemcells
    }

    public func releaseManifest(tarball: String) async throws -> ReleaseManifest {
        try releases.readManifest(tarball: tarball)
    }

    public func jobManifest(tarball: String, job: String, release: ReleaseManifest) async throws -> JobManifest {
        try releases.readJobManifest(tarball: tarball, job: job, release: release)
    }

    public func extractRelease(tarball: String, into directory: String) async throws -> ExtractedRelease {
        try await releases.read(tarball: tarball, into: directory)
    }

    public func stemcellManifest(tarball: String) async throws -> StemcellManifest {
        try stemcells.readManifest(tarball: tarball)
    }

    public func extractStemcell(tarball: String, into directory: String) async throws -> ExtractedStemcell {
        try await stemcells.extract(tarball: tarball, into: directory)
    }
}

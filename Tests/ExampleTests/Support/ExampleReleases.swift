import Foundation
import ReleaseCompiler

/// Builds the example releases the way `scripts/build-local-cloud` does (a staged copy, the
/// binary dropped into `src/`), then reads them back with the ordinary readers.
enum ExampleReleases {
    /// A stand-in for the `local-cpi` binary: prints its configuration path and arguments,
    /// so the CPI wrapper's exec can be checked without the real CPI.
    static let standInCPI = """
        #!/bin/sh
        echo "stand-in local-cpi config=$LOCAL_CPI_CONFIG args=$*"

        """

    /// Builds the notes-service release from the example directory into `scratch`.
    static func buildNotes(in scratch: ScratchDirectory) async throws -> BuiltRelease {
        try await ReleaseBuilder().createRelease(
            directory: ExampleFiles.appRelease, tarball: scratch.at("notes-service.tgz"))
    }

    /// Stages the CPI release with `binary` as `src/local_cpi/local-cpi` and builds it.
    static func buildCPI(in scratch: ScratchDirectory, binary: String = standInCPI) async throws -> BuiltRelease {
        let staged = scratch.at("cpi-release-staged")
        try TestFile.copyTree(ExampleFiles.cpiRelease, to: staged)
        try TestFile.write(binary, to: staged + "/src/local_cpi/local-cpi", mode: 0o755)
        return try await ReleaseBuilder().createRelease(directory: staged, tarball: scratch.at("local-cpi.tgz"))
    }

    /// Stages the CPI release with a copy of the executable at `binaryPath` and builds it.
    static func buildCPI(in scratch: ScratchDirectory, binaryPath: String) async throws -> BuiltRelease {
        let staged = scratch.at("cpi-release-staged")
        try TestFile.copyTree(ExampleFiles.cpiRelease, to: staged)
        try FileManager.default.createDirectory(atPath: staged + "/src/local_cpi", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: binaryPath, toPath: staged + "/src/local_cpi/local-cpi")
        return try await ReleaseBuilder().createRelease(directory: staged, tarball: scratch.at("local-cpi.tgz"))
    }

    /// Extracts and verifies a release tarball.
    static func read(_ built: BuiltRelease, in scratch: ScratchDirectory) async throws -> ExtractedRelease {
        try await ReleaseReader().read(tarball: built.tarball, into: scratch.at("extracted-" + built.manifest.name))
    }
}

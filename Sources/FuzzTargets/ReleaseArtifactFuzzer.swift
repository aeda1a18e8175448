import ReleaseCompiler

/// The YAML files of releases and stemcells, through `ReleaseCompiler`'s readers.
enum ReleaseArtifactFuzzer {
    static func runReleaseManifest(_ input: [UInt8]) {
        // The readers decode a tarball member the same way.
        parseText(input) { text in
            let manifest = try ReleaseManifest.parse(text, path: "fuzz.tgz:release.MF")
            // `create-release` writes the manifest back; what was read must be writable.
            _ = manifest.yaml()
        }
    }

    static func runJobSpec(_ input: [UInt8]) {
        parseText(input) { _ = try JobManifest.parse($0, path: "fuzz/job.MF") }
    }

    static func runPackageSpec(_ input: [UInt8]) {
        parseText(input) { _ = try PackageSpec.parse($0, path: "fuzz/packages/fuzz/spec") }
    }

    static func runStemcellManifest(_ input: [UInt8]) {
        parseText(input) { _ = try StemcellManifest.parse($0, path: "fuzz.tgz:stemcell.MF") }
    }

    /// Runs one reader on the input decoded as UTF-8; a thrown error is described, as the
    /// CLI would print it, so a crash in a message is found too.
    private static func parseText(_ input: [UInt8], _ read: (String) throws -> Void) {
        do {
            try read(String(decoding: input, as: UTF8.self))
        } catch {
            _ = String(describing: error)
        }
    }
}

import ReleaseCompiler

/// The YAML files of releases and stemcells, through `ReleaseCompiler`'s readers.
enum ReleaseArtifactFuzzer {
    static func runReleaseManifest(_ input: [UInt8]) {
        // The readers decode a tarball member the same way.
        do {
            let manifest = try ReleaseManifest.parse(String(decoding: input, as: UTF8.self), path: "fuzz.tgz:release.MF")
            // `create-release` writes the manifest back; what was read must be writable.
            _ = manifest.yaml()
        } catch {
            _ = String(describing: error)
        }
    }

    static func runJobSpec(_ input: [UInt8]) {
        do {
            _ = try JobManifest.parse(String(decoding: input, as: UTF8.self), path: "fuzz/job.MF")
        } catch {
            _ = String(describing: error)
        }
    }

    static func runPackageSpec(_ input: [UInt8]) {
        do {
            _ = try PackageSpec.parse(String(decoding: input, as: UTF8.self), path: "fuzz/packages/fuzz/spec")
        } catch {
            _ = String(describing: error)
        }
    }

    static func runStemcellManifest(_ input: [UInt8]) {
        do {
            _ = try StemcellManifest.parse(String(decoding: input, as: UTF8.self), path: "fuzz.tgz:stemcell.MF")
        } catch {
            _ = String(describing: error)
        }
    }
}

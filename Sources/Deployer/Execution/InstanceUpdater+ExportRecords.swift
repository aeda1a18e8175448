import DeployerSupport
import Foundation
import ReleaseCompiler

extension InstanceUpdater {
    /// Keeps what `export-release` needs of the releases this deploy extracted: each release's
    /// record (release.MF and jobs), and its packages that came already compiled for this very
    /// stemcell, in the compiled-package cache beside those the VM compiles, so a release
    /// deployed compiled can be exported again. The deploy itself needs neither: a failure is
    /// a warning, not an error.
    func keepForExport(_ releases: [ExtractedRelease], stemcell: StemcellManifest, stage: any Stage) async {
        for release in releases {
            if let records = releaseRecords {
                do {
                    _ = try await runOnDedicatedThread { try records.keep(release) }
                } catch {
                    stage.warn(
                        "Release '\(release.name)/\(release.version)' was not recorded for export-release: \(error)")
                }
            }
            if let cache = compiledPackages {
                await storePrecompiled(of: release, stemcell: stemcell, in: cache, stage: stage)
            }
        }
    }

    /// Stores the release's compiled packages built for `stemcell`'s OS and version under the
    /// key the VM's own compilation of the same package would have.
    private func storePrecompiled(
        of release: ExtractedRelease, stemcell: StemcellManifest, in cache: CompiledPackageCache, stage: any Stage
    ) async {
        let target = StemcellTarget(os: stemcell.operatingSystem, version: stemcell.version)
        let compiled = release.packages.filter { package in
            package.isCompiled && package.stemcell.flatMap(StemcellTarget.init)?.isExactly(target) == true
        }
        guard !compiled.isEmpty else { return }
        do {
            let keys = try CompiledPackageKeys.keys(
                of: release.packages.map(CompiledPackageKeys.Package.init),
                platform: CompiledPackageKeys.platform(
                    operatingSystem: stemcell.operatingSystem, stemcellVersion: stemcell.version))
            for package in compiled {
                guard let key = keys[package.name] else { continue }
                _ = try await cache.store(
                    key: key, name: package.name, fingerprint: package.fingerprint, tarball: package.tarball,
                    copy: true, origin: .precompiled)
            }
        } catch {
            stage.warn(
                "The compiled packages of release '\(release.name)/\(release.version)' were not kept for "
                    + "export-release: \(error)")
        }
    }
}

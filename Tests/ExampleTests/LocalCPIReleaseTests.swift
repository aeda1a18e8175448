import DeployerSupport
import Foundation
import ReleaseCompiler
import Testing

/// The CPI release carrying the real `local-cpi` binary, installed like any CPI release:
/// `info` reports the stemcell format the example stemcell declares, and the stemcell built
/// by `scripts/build-local-cloud` is accepted by `create_stemcell` and removed again.
@Suite(.serialized) struct LocalCPIReleaseTests {
    @Test func theInstalledCPIAcceptsTheExampleStemcell() async throws {
        let scratch = try ScratchDirectory("local-cpi-release")
        defer { scratch.remove() }
        let root = scratch.at("cloud")
        let cpi = try await CPIInvoker.installRealCPI(in: scratch, root: root)

        let info = try #require(try await cpi.call("info", []) as? [String: Any])
        #expect(info["api_version"] as? Int == 2)
        let formats = try #require(info["stemcell_formats"] as? [String])

        // The stemcell the build script makes declares exactly what the CPI accepts.
        _ = try await BuildScriptTests.runScript(in: scratch)
        let stemcell = try await StemcellReader().extract(
            tarball: scratch.at("out/bosh-local-stemcell.tgz"), into: scratch.at("stemcell"))
        #expect(stemcell.manifest.stemcellFormats == formats)

        let cid = try #require(try await cpi.call("create_stemcell", [stemcell.imagePath, [String: Any]()]) as? String)
        #expect(FileManager.default.isExecutableFile(atPath: root + "/stemcells/" + cid + "/image/local-agent"))
        try await cpi.call("delete_stemcell", [cid])
        #expect(!FileManager.default.fileExists(atPath: root + "/stemcells/" + cid))
    }
}

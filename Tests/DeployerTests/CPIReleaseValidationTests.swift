import Deployer
import Foundation
import ReleaseCompiler
import Testing

/// `Validating cpi release` and `Validating release`: checked before anything is created.
@Suite(.serialized)
struct CPIReleaseValidationTests {
    private func harness(
        replacing old: String, with new: String, also more: [(String, String)] = []
    ) throws
        -> OrchestratorHarness
    {
        let harness = try OrchestratorHarness()
        var manifest = OrchestratorHarness.manifest
        for (before, after) in [(old, new)] + more {
            try #require(manifest.contains(before))
            manifest = manifest.replacingOccurrences(of: before, with: after)
        }
        try manifest.write(toFile: harness.directory + "/manifest.yml", atomically: true, encoding: .utf8)
        return harness
    }

    @Test func noJobRenderingBinCPIIsRefusedBeforeAnythingIsCreated() async throws {
        let harness = try harness(
            replacing: "  template: {name: cpi_job, release: cpi}", with: "  templates: [{name: web, release: app}]")
        await #expect {
            try await harness.deploy()
        } throws: { error in
            "\(error)".contains(
                "Found 0 releases containing a template that renders to target 'bin/cpi'. Expected to find 1.")
                && "\(error)".contains("Releases inspected: [app]")
        }
        #expect(harness.log.all.isEmpty, "something ran: \(harness.log.all)")
        #expect(harness.events.outcomes.contains("Validating cpi release: failed"))
    }

    @Test func twoJobsRenderingBinCPIAreRefused() async throws {
        let harness = try harness(
            replacing: "  template: {name: cpi_job, release: cpi}",
            with: "  templates: [{name: cpi_job, release: cpi}, {name: second_cpi_job, release: cpi}]")
        await #expect {
            try await harness.deploy()
        } throws: { error in
            "\(error)".contains("Found 2 releases containing a template that renders to target 'bin/cpi'")
        }
        #expect(harness.log.all.isEmpty)
    }

    @Test func everyTemplatesJobIsInstalled() async throws {
        let harness = try harness(
            replacing: "  template: {name: cpi_job, release: cpi}",
            with: "  templates: [{name: cpi_job, release: cpi}, {name: web, release: app}]")
        _ = try await harness.deploy()
        #expect(harness.log.all.contains("install cpi cpi_job,web"), "\(harness.log.all)")
        #expect(harness.events.outcomes.contains("Validating cpi release: finished"))
    }

    @Test func aReleaseNamedOtherwiseThanItsTarballIsRefused() async throws {
        let harness = try harness(
            replacing: "- {name: cpi, url: file:///x/cpi.tgz}", with: "- {name: other-cpi, url: file:///x/cpi.tgz}",
            also: [("release: cpi}", "release: other-cpi}")])
        await #expect {
            try await harness.deploy()
        } throws: { error in
            "\(error)".contains("Release name 'other-cpi' does not match the name in release tarball 'cpi'")
        }
        #expect(harness.log.all.isEmpty)
    }
}

import Deployer
import DeployerSupport
import Foundation
import ReleaseCompiler
import Testing

/// The Director's compiled-package rules applied by `validate`, before anything is created.
@Suite struct CompiledPackageValidationTests {
    static func server(compiledFor stemcell: String) -> ReleaseManifest.Entry {
        .init(name: "server", version: "sfp", fingerprint: "sfp", sha1: "c1", dependencies: ["lib"], stemcell: stemcell)
    }

    /// The fake app release ships `server` compiled only; the fake stemcell is ubuntu-jammy/1.0.
    static func compiledOnly(_ stemcell: String) -> ReleaseManifest {
        ReleaseManifest(name: "app", version: "1", compiledPackages: [server(compiledFor: stemcell)])
    }

    @Test func aPackageCompiledForAnotherOSStopsDeployAndPlanBeforeAnyCloudCall() async throws {
        var harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        harness.inspector.appCompiledPackages = [Self.server(compiledFor: "ubuntu-noble/1.0")]
        harness.inspector.appWithoutSources = true

        for attempt in ["deploy", "plan"] {
            let error = await #expect(throws: (any Error).self, "\(attempt)") {
                if attempt == "deploy" {
                    _ = try await harness.deploy()
                } else {
                    _ = try await harness.orchestrator().plan(
                        harness.request(), store: harness.store(), stage: EventStage(sink: harness.events))
                }
            }
            let found = try #require(
                error?.find(CompiledPackageMismatchError.self), "\(attempt): \(String(describing: error))")
            #expect(found.releases.map(\.release) == ["app/1"])
            #expect(found.releases.first?.packages.map(\.compiledFor) == ["ubuntu-noble/1.0"])
            #expect(found.stemcell == StemcellTarget(os: "ubuntu-jammy", version: "1.0"))
        }
        #expect(!harness.log.all.contains { $0.hasPrefix("cpi ") }, "\(harness.log.all)")
        // Validation fails before the state file is first written.
        #expect(!FileManager.default.fileExists(atPath: harness.statePath))
    }

    @Test func aPackageWithoutSourceFromTheSameStemcellLineIsUsedAsShipped() async throws {
        var harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        harness.inspector.appCompiledPackages = [Self.server(compiledFor: "ubuntu-jammy/1.9")]
        harness.inspector.appWithoutSources = true

        #expect(try await harness.deploy() == .deployed)
        #expect(!harness.log.all.contains("agent compile_package server"), "\(harness.log.all)")
    }

    @Test func aPackageWithSourceAndAnInexactCompiledVariantIsCompiledFromSourceWithAWarning() async throws {
        var harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        harness.inspector.appCompiledPackages = [Self.server(compiledFor: "ubuntu-jammy/1.9")]

        #expect(try await harness.deploy() == .deployed)
        #expect(harness.log.all.contains("agent compile_package server"), "\(harness.log.all)")
        let warnings = harness.events.all.compactMap { if case .warning(let text) = $0 { text } else { nil } }
        #expect(
            warnings.contains {
                $0.contains("Release 'app/1'") && $0.contains("'server/sfp' compiled for 'ubuntu-jammy/1.9'")
                    && $0.contains("compiled from source")
            }, "\(warnings)")
    }

    @Test func aPackageWithSourceAndAnExactCompiledVariantIsNotCompiled() async throws {
        var harness = try OrchestratorHarness()
        defer { harness.cleanUp() }
        harness.inspector.appCompiledPackages = [Self.server(compiledFor: "ubuntu-jammy/1.0")]

        #expect(try await harness.deploy() == .deployed)
        #expect(!harness.log.all.contains("agent compile_package server"), "\(harness.log.all)")
        let warnings = harness.events.all.compactMap { if case .warning(let text) = $0 { text } else { nil } }
        #expect(!warnings.contains { $0.contains("compiled from source") }, "\(warnings)")
    }
}

import Foundation
import GoYAML
import Interpolation
import Testing

@testable import Deployer

/// The real bosh-deployment manifests of the interpolation corpus (cases 001–049), or the
/// fixtures kept in `Fixtures/` when the corpus is not beside the repository.
@Suite struct ManifestCorpusTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var file: URL
        var description: String { name }
    }

    /// `<repo>/../shared/corpus/cases`.
    static let corpusDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus/cases")

    static let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/manifests")

    /// The corpus cases 0[0-4]* when the corpus is present.
    static let corpusCases: [Case] = {
        let manager = FileManager.default
        let names = (try? manager.contentsOfDirectory(atPath: corpusDirectory.path)) ?? []
        return names.filter { name in ["00", "01", "02", "03", "04"].contains { name.hasPrefix($0) } }
            .sorted()
            .map {
                Case(name: $0, file: corpusDirectory.appendingPathComponent($0).appendingPathComponent("expected.yml"))
            }
            .filter { manager.fileExists(atPath: $0.file.path) }
    }()

    /// Trimmed copies of three corpus cases, always checked so that they cannot rot and so
    /// that the suite checks real manifests even without the corpus.
    static let fixtureCases: [Case] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixturesDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".yml") }.sorted().map {
            Case(name: "fixture-" + String($0.dropLast(4)), file: fixturesDirectory.appendingPathComponent($0))
        }
    }()

    static let cases = corpusCases + fixtureCases

    /// Cases that are not create-env manifests, which bosh-cli rejects, with some of the
    /// messages it gives: cloud configs, and `misc/bosh-dev.yml` (a director deployed by a
    /// director: no `cloud_provider`, `vm_type`/`stemcell` instead of a resource pool).
    static let rejected: [String: [String]] = [
        "cloud-config-aws-strict": ["releases must contain at least 1 release", "name must be provided"],
        "cloud-config-vsphere": ["releases must contain at least 1 release", "name must be provided"],
        "aws-uaa-bosh-dev": [
            "cloud_provider.template.name must be provided", "jobs[0].resource_pool must be provided",
        ],
    ]

    @Test func thereAreManifestsToCheck() {
        #expect(Self.fixtureCases.count == 3)
        #expect(Self.cases.contains { testCase in !Self.rejected.keys.contains { testCase.name.hasSuffix($0) } })
    }

    @Test(arguments: cases)
    func manifestParsesAndValidates(_ testCase: Case) throws {
        let text = try String(contentsOf: testCase.file, encoding: .utf8)
        let node = try YAMLCodec.parse(text)
        if let expected = Self.rejected.first(where: { testCase.name.hasSuffix($0.key) })?.value {
            let error = try #require(throws: ManifestError.self) {
                try ManifestParser.parse(node, path: "manifest.yml")
            }
            for message in expected { #expect(error.problems.contains { $0.message == message }, "\(message)") }
            return
        }
        let manifest = try ManifestParser.parse(node, path: "/deployments/bosh.yml")
        let deployment = manifest.deployment
        let job = try deployment.deployableJob()
        let interfaces = try deployment.networkInterfaces(for: job)
        let address = try DeploymentSpec.defaultAddressInterface(interfaces)
        // A dynamic default network gets its address from the agent, not the manifest.
        #expect(address.type == .dynamic ? address.ip == nil : address.ip?.isEmpty == false)
        #expect(!(try deployment.resourcePool(for: job).stemcell.url.isEmpty))
        #expect(!manifest.installation.templates.isEmpty)
        #expect(manifest.installation.templates.allSatisfy { manifest.releaseSet.release(named: $0.release) != nil })
        #expect(!manifest.installation.mbus.isEmpty)
        #expect(deployment.usesInstanceGroups)
    }
}

import Foundation
import GoYAML
import Interpolation
import Testing

@testable import Deployer

/// Manifests and helpers shared by the manifest suites.
enum ManifestFixtures {
    /// A PEM block that `pem.Decode` accepts (the body is valid base64, not a real certificate).
    static let pem = "-----BEGIN CERTIFICATE-----\nMIIBCgKCAQEAwB4=\n-----END CERTIFICATE-----\n"

    /// spec/manifest.md §6, v1 form, with the variables already interpolated.
    static let v1 = """
        name: bosh
        releases:
        - {name: bosh, url: "file://bosh.tgz"}
        - {name: bosh-aws-cpi, url: "https://example.org/cpi.tgz", sha1: 59e508c59d1f6ce27425320f5bfd295284230ed3}
        resource_pools:
        - name: vms
          network: default
          stemcell: {url: "file://stemcell.tgz"}
          cloud_properties: {instance_type: t3.medium}
          env:
            bosh:
              mbus: {cert: {ca: x, certificate: y, private_key: z}}
              blobstores: [{provider: local, options: {blobstore_path: /var/vcap/micro_bosh/data/cache}}]
              password: '*'
        disk_pools:
        - {name: disks, disk_size: 65536}
        networks:
        - name: default
          type: manual
          subnets:
          - {range: 10.0.0.0/24, gateway: 10.0.0.1, dns: [8.8.8.8], cloud_properties: {subnet: subnet-1}}
        jobs:
        - name: bosh
          instances: 1
          templates:
          - {name: nats, release: bosh}
          resource_pool: vms
          persistent_disk_pool: disks
          networks:
          - {name: default, static_ips: [10.0.0.6]}
          properties: {nats: {user: nats, password: nats-password}}
        cloud_provider:
          template: {name: aws_cpi, release: bosh-aws-cpi}
          mbus: https://mbus:mbus-password@10.0.0.6:6868
          cert:
            ca: |
              -----BEGIN CERTIFICATE-----
              MIIBCgKCAQEAwB4=
              -----END CERTIFICATE-----
          properties:
            agent: {mbus: "https://mbus:mbus-password@0.0.0.0:6868"}
            aws: {region: us-east-1}
        variables:
        - {name: mbus_bootstrap_password, type: password}
        """

    /// The same manifest in the v2-alias form (`instance_groups` with `jobs`).
    static var v2: String {
        v1.replacingOccurrences(of: "\njobs:\n", with: "\ninstance_groups:\n")
            .replacingOccurrences(of: "  templates:\n", with: "  jobs:\n")
    }

    static let manifestPath = "/deployments/aws/bosh.yml"

    static func node(_ yaml: String) throws -> YAMLNode {
        try YAMLCodec.parse(yaml)
    }

    /// Decoding and validation problems of `node`, as `ManifestParser.parse` would report them.
    static func problems(_ node: YAMLNode, path: String = manifestPath) -> [ManifestProblem] {
        let (manifest, problems) = ManifestParser.decode(node, path: path)
        return problems + ManifestValidator.validate(manifest)
    }

    static func messages(_ node: YAMLNode) -> [String] {
        problems(node).map(\.message)
    }

    /// `node` with the value at `path` (`jobs/0/networks/0/static_ips`, numbers index arrays)
    /// replaced by `value` parsed as YAML, or removed when `value` is nil.
    static func setting(_ node: YAMLNode, _ path: String, to value: String?) throws -> YAMLNode {
        let replacement = try value.map { try YAMLCodec.parse($0) }
        return set(node, path.split(separator: "/").map(String.init)[...], replacement)
    }

    /// Applies several `setting` edits in order.
    static func editing(_ yaml: String, _ edits: [(String, String?)]) throws -> YAMLNode {
        var result = try node(yaml)
        for (path, value) in edits { result = try setting(result, path, to: value) }
        return result
    }

    private static func set(_ node: YAMLNode, _ path: ArraySlice<String>, _ value: YAMLNode?) -> YAMLNode {
        guard let head = path.first else { return value ?? .null }
        let rest = path.dropFirst()
        switch node {
        case .array(var items):
            guard let index = Int(head), items.indices.contains(index) else { return node }
            if rest.isEmpty, value == nil {
                items.remove(at: index)
            } else {
                items[index] = set(items[index], rest, value)
            }
            return .array(items)
        case .map(var map):
            if rest.isEmpty {
                map[head] = value
            } else {
                map[head] = set(map[head] ?? .map(YAMLMap()), rest, value)
            }
            return .map(map)
        default:
            var map = YAMLMap()
            map[head] = set(.null, rest, value)
            return .map(map)
        }
    }
}

@Suite struct ManifestFixturesTests {
    @Test(arguments: [("v1", ManifestFixtures.v1), ("v2", ManifestFixtures.v2)])
    func minimalExamplesParseWithoutProblems(form: String, yaml: String) throws {
        let manifest = try ManifestParser.parse(try ManifestFixtures.node(yaml), path: ManifestFixtures.manifestPath)
        #expect(manifest.deployment.usesInstanceGroups == (form == "v2"))
        #expect(manifest.deployment.name == "bosh")
        #expect(manifest.releaseSet.releases.map(\.name) == ["bosh", "bosh-aws-cpi"])
        #expect(manifest.releaseSet.releases[0].url == "file:///deployments/aws/bosh.tgz")
        #expect(manifest.installation.templates == [ReleaseJobRef(name: "aws_cpi", release: "bosh-aws-cpi")])
        #expect(manifest.deployment.jobs.first?.templates.map(\.name) == ["nats"])
        #expect(manifest.deployment.resourcePools.first?.stemcell.url == "file:///deployments/aws/stemcell.tgz")
    }

    @Test func bothSpellingsGiveTheSameDeployment() throws {
        let v1 = try ManifestParser.parse(try ManifestFixtures.node(ManifestFixtures.v1), path: "bosh.yml")
        var v2 = try ManifestParser.parse(try ManifestFixtures.node(ManifestFixtures.v2), path: "bosh.yml")
        #expect(v2.deployment.usesInstanceGroups)
        v2.deployment.usesInstanceGroups = false
        #expect(v1 == v2)
    }

    @Test func settingHelperEditsNestedValues() throws {
        let edited = try ManifestFixtures.editing("a: {b: [1, 2]}", [("a/b/1", "x"), ("a/c", "true")])
        #expect(
            edited
                == .map(
                    YAMLMap([
                        .init(
                            key: .string("a"),
                            value: .map(
                                YAMLMap([
                                    .init(key: .string("b"), value: .array([.int(1), .string("x")])),
                                    .init(key: .string("c"), value: .bool(true)),
                                ])))
                    ])))
    }
}

import GoYAML
import Testing

@testable import Interpolation

/// Spec §6 worked examples 6.1–6.7 and 6.9 (go-patch `docs/examples.md`, `integration_test.go`).
@Suite struct PatchExamplesTests {
    typealias S = PatchTestSupport

    static let base = """
        key: 1
        key2: {nested: {super_nested: 2}, other: 3}
        array: [4, 5, 6]
        items: [{name: item7}, {name: item8}, {name: item8}]
        """

    private func doc() throws -> YAMLNode { try S.yaml(Self.base) }

    @Test func example6_1_keys() throws {
        #expect(try S.replace("/key", .int(10), on: doc())["key"] == .int(10))
        #expect(
            S.message { try S.replace("/key_not_there", .int(10), on: doc()) }
                == "Expected to find a map key 'key_not_there' for path '/key_not_there' (found map keys: 'array', 'items', 'key', 'key2')"
        )
        #expect(try S.replace("/new_key?", .int(10), on: doc())["new_key"] == .int(10))
    }

    @Test func example6_2_nestedOptional() throws {
        let result = try S.replace("/key2/nested?/another_nested/super_nested", .int(10), on: doc())
        #expect(
            result["key2"] == (try S.yaml("{nested: {super_nested: 2, another_nested: {super_nested: 10}}, other: 3}")))
    }

    @Test(arguments: [
        ("/array/0", "[10, 5, 6]"),
        ("/array/-", "[4, 5, 6, 10]"),
        ("/array/1:prev", "[10, 5, 6]"),
        ("/array/0:next", "[4, 10, 6]"),
        ("/array/0:after", "[4, 10, 5, 6]"),
        ("/array/0:before", "[10, 4, 5, 6]"),
    ])
    func example6_3_arrays(_ path: String, _ expected: String) throws {
        #expect(try S.replace(path, .int(10), on: doc())["array"] == S.yaml(expected))
    }

    @Test func example6_3_newArrayAndRemove() throws {
        #expect(try S.replace("/array2?/-", .int(10), on: doc())["array2"] == S.yaml("[10]"))
        #expect(try S.remove("/array/-1", on: doc())["array"] == S.yaml("[4, 5]"))
    }

    @Test func example6_4_matching() throws {
        let result = try S.replace("/items/name=item9?/count", .int(10), on: doc())
        #expect(
            result["items"] == (try S.yaml("[{name: item7}, {name: item8}, {name: item8}, {name: item9, count: 10}]")))
        #expect(
            S.message { try S.replace("/items/name=item8/count", .int(10), on: doc()) }
                == "Expected to find exactly one matching array item for path '/items/name=item8' but found 2")
    }

    @Test func example6_5_insertAndRemoveByMatch() throws {
        let inserted = try S.replace("/items/name=item7:before", S.yaml("{name: item6}"), on: doc())
        #expect(inserted["items"] == (try S.yaml("[{name: item6}, {name: item7}, {name: item8}, {name: item8}]")))
        #expect(try S.remove("/items/name=item7", on: doc())["items"] == S.yaml("[{name: item8}, {name: item8}]"))
    }

    @Test func example6_6_escapedMatchValue() throws {
        let manifest = try S.yaml("variables: [{name: /root_certificate}, {name: other}]")
        #expect(
            try S.remove("/variables/name=~1root_certificate", on: manifest) == S.yaml("variables: [{name: other}]"))
    }

    @Test func example6_7_integrationSequence() throws {
        let input = try S.yaml(
            """
            releases: [{name: capi, version: 0.1}]
            instance_groups:
            - name: foo
            - {name: cloud_controller, instances: 0, jobs: [{name: cloud_controller, release: capi}]}
            - {name: uaa, instances: 0}
            """)
        let opsFile = try S.yaml(
            """
            - {type: replace, path: /instance_groups/name=cloud_controller/instances, value: 1}
            - type: replace
              path: /instance_groups/name=cloud_controller/jobs/name=cloud_controller/consumes?/db
              value: {instances: [{address: some-db.local}], properties: {username: user, password: pass}}
            - {type: test, path: /instance_groups/name=uaa/instances-not, absent: true}
            - {type: test, path: /instance_groups/name=uaa/instances, value: 0}
            - {type: replace, path: /instance_groups/name=uaa/instances, value: 1}
            - {type: replace, path: /instance_groups/-, value: {name: uaadb, instances: 2}}
            - {type: test, path: /instance_groups/3, value: {name: uaadb, instances: 2}}
            - {type: replace, path: /instance_groups/name=cloud_controller:before, value: {name: cc-before, instances: 2}}
            - {type: replace, path: /instance_groups/name=cloud_controller:after, value: {name: cc-after, instances: 1}}
            - {type: replace, path: /instance_groups/name=uaadb:after, value: {name: uaadb-after, instances: 1}}
            - {type: replace, path: /instance_groups/name=uaadb:next/instances, value: 4}
            - {type: replace, path: /releases/name=capi/version, value: latest}
            """)
        let result = try Ops(yaml: opsFile, source: "ops.yml").apply(to: input)
        let expected = try S.yaml(
            """
            releases: [{name: capi, version: latest}]
            instance_groups:
            - name: foo
            - {name: cc-before, instances: 2}
            - name: cloud_controller
              instances: 1
              jobs:
              - name: cloud_controller
                release: capi
                consumes:
                  db: {instances: [{address: some-db.local}], properties: {username: user, password: pass}}
            - {name: cc-after, instances: 1}
            - {name: uaa, instances: 1}
            - {name: uaadb, instances: 2}
            - {name: uaadb-after, instances: 4}
            """)
        #expect(GoValueDescription.deepEqual(result, expected))
    }

    @Test func example6_9_awsCPIStyleOps() throws {
        let manifest = try S.yaml(
            """
            releases: [{name: bosh, version: 1}]
            resource_pools: [{name: vms, network: default}]
            networks: [{name: default, subnets: [{range: 10.0.0.0/24}]}]
            instance_groups: [{name: bosh, jobs: [{name: nats, release: bosh}]}]
            cloud_provider: {mbus: x}
            """)
        let opsFile = try S.yaml(
            """
            - {type: replace, path: /releases/-, value: {name: bosh-aws-cpi, url: u, sha1: s}}
            - {type: replace, path: /resource_pools/name=vms/stemcell?, value: {url: u, sha1: s}}
            - {type: replace, path: /networks/name=default/subnets/0/cloud_properties?, value: {subnet: ((subnet_id))}}
            - {type: replace, path: /instance_groups/name=bosh/jobs/-, value: {name: aws_cpi, release: bosh-aws-cpi}}
            - {type: replace, path: /cloud_provider/template?, value: {name: aws_cpi, release: bosh-aws-cpi}}
            """)
        let result = try Ops(yaml: opsFile, source: "aws/cpi.yml").apply(to: manifest)
        #expect(
            YAMLCodec.emit(result) == """
                cloud_provider:
                  mbus: x
                  template:
                    name: aws_cpi
                    release: bosh-aws-cpi
                instance_groups:
                - jobs:
                  - name: nats
                    release: bosh
                  - name: aws_cpi
                    release: bosh-aws-cpi
                  name: bosh
                networks:
                - name: default
                  subnets:
                  - cloud_properties:
                      subnet: ((subnet_id))
                    range: 10.0.0.0/24
                releases:
                - name: bosh
                  version: 1
                - name: bosh-aws-cpi
                  sha1: s
                  url: u
                resource_pools:
                - name: vms
                  network: default
                  stemcell:
                    sha1: s
                    url: u

                """)
    }
}

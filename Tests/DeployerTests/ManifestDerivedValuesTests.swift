import GoYAML
import Interpolation
import Testing

@testable import Deployer

/// The values create-env derives from a valid manifest (spec/manifest.md §2, §4, §5; agent.md §9).
@Suite struct ManifestDerivedValuesTests {
    static func manifest(_ edits: [(String, String?)] = []) throws -> DeploymentManifest {
        try ManifestParser.parse(try ManifestFixtures.editing(ManifestFixtures.v1, edits), path: "/d/bosh.yml")
    }

    @Test func manualNetworkInterface() throws {
        let deployment = try Self.manifest().deployment
        let job = try deployment.deployableJob()
        let interfaces = try deployment.networkInterfaces(for: job)
        #expect(
            interfaces == [
                NetworkInterface(
                    name: "default", type: .manual, ip: "10.0.0.6", netmask: "255.255.255.0", gateway: "10.0.0.1",
                    dns: ["8.8.8.8"],
                    cloudProperties: YAMLMap([.init(key: .string("subnet"), value: .string("subnet-1"))]),
                    defaults: ["dns", "gateway"])
            ])
        #expect(
            interfaces[0].node
                == .map(
                    YAMLMap([
                        .init(
                            key: .string("cloud_properties"),
                            value: .map(YAMLMap([.init(key: .string("subnet"), value: .string("subnet-1"))]))),
                        .init(key: .string("default"), value: .array([.string("dns"), .string("gateway")])),
                        .init(key: .string("dns"), value: .array([.string("8.8.8.8")])),
                        .init(key: .string("gateway"), value: .string("10.0.0.1")),
                        .init(key: .string("ip"), value: .string("10.0.0.6")),
                        .init(key: .string("netmask"), value: .string("255.255.255.0")),
                        .init(key: .string("type"), value: .string("manual")),
                    ])))
        #expect(try DeploymentSpec.defaultAddressInterface(interfaces).ip == "10.0.0.6")
    }

    @Test func severalNetworksKeepTheirDefaults() throws {
        let deployment = try Self.manifest([
            (
                "networks",
                """
                [{name: default, type: manual, subnets: [{range: 10.0.0.0/24, gateway: 10.0.0.1}]},
                 {name: public, type: vip, cloud_properties: {eip: x}},
                 {name: dhcp, type: dynamic, dns: [1.1.1.1], cloud_properties: {net: n}}]
                """
            ),
            (
                "jobs/0/networks",
                """
                [{name: default, static_ips: [10.0.0.6, 10.0.0.7], default: [dns]},
                 {name: public, static_ips: [54.1.2.3]},
                 {name: dhcp, default: [gateway]}]
                """
            ),
        ]).deployment
        let interfaces = try deployment.networkInterfaces(for: deployment.jobs[0])
        #expect(interfaces.map(\.name) == ["default", "public", "dhcp"])
        #expect(interfaces[0].defaults == ["dns"])
        #expect(interfaces[0].ip == "10.0.0.6")
        #expect(interfaces[0].dns == nil)
        #expect(
            interfaces[1]
                == NetworkInterface(
                    name: "public", type: .vip, ip: "54.1.2.3",
                    cloudProperties: YAMLMap([.init(key: .string("eip"), value: .string("x"))])))
        #expect(interfaces[2].ip == nil && interfaces[2].gateway == nil && interfaces[2].netmask == nil)
        #expect(interfaces[2].dns == ["1.1.1.1"])
        #expect(try DeploymentSpec.defaultAddressInterface(interfaces).name == "dhcp")
        #expect(throws: ManifestError.noDefaultNetwork) {
            try DeploymentSpec.defaultAddressInterface(Array(interfaces.prefix(2)))
        }
        #expect(throws: ManifestError.noNetwork) { try DeploymentSpec.defaultAddressInterface([]) }
    }

    @Test func ipv6NetmaskUsesFourHexDigitGroups() throws {
        let deployment = try Self.manifest([
            ("networks/0/subnets/0/range", "'fd00:10::/64'"), ("networks/0/subnets/0/gateway", "'fd00:10::1'"),
            ("jobs/0/networks/0/static_ips", "['fd00:10::6']"),
        ]).deployment
        let interface = try #require(try deployment.networkInterfaces(for: deployment.jobs[0]).first)
        #expect(interface.netmask == "ffff:ffff:ffff:ffff:0000:0000:0000:0000")
    }

    @Test func manualNetworkWithoutStaticIPIsAnError() throws {
        let deployment = try Self.manifest([("jobs/0/networks/0/static_ips", nil)]).deployment
        #expect(throws: ManifestError.missingStaticIP(job: "bosh", network: "default")) {
            try deployment.networkInterfaces(for: deployment.jobs[0])
        }
    }

    @Test func deployableJobNeedsOneJobWithOneInstance() throws {
        #expect(throws: ManifestError.jobCount(0)) { try DeploymentSpec().deployableJob() }
        let two = try Self.manifest([("jobs/0/instances", "2")]).deployment
        #expect(throws: ManifestError.instanceCount(job: "bosh", count: 2)) { try two.deployableJob() }
        let deployment = try Self.manifest().deployment
        let pool = try deployment.resourcePool(for: try deployment.deployableJob())
        #expect(pool.name == "vms")
        #expect(PropertyMerge.value(at: "bosh.password", in: pool.env) == .string("*"))
    }

    @Test func persistentDiskSelection() throws {
        let pool = try Self.manifest([
            ("jobs/0/persistent_disk", "1024"), ("disk_pools/0/cloud_properties", "{type: gp3}"),
        ]).deployment
        #expect(
            try pool.persistentDisk(for: pool.jobs[0])
                == PersistentDiskRequest(
                    size: 65536, cloudProperties: YAMLMap([.init(key: .string("type"), value: .string("gp3"))]),
                    poolName: "disks"))

        let size = try Self.manifest([("jobs/0/persistent_disk_pool", nil), ("jobs/0/persistent_disk", "2048")])
            .deployment
        #expect(try size.persistentDisk(for: size.jobs[0]) == PersistentDiskRequest(size: 2048))

        let none = try Self.manifest([("jobs/0/persistent_disk_pool", nil), ("jobs/0/persistent_disk", "0")]).deployment
        #expect(try none.persistentDisk(for: none.jobs[0]) == nil)

        var missing = none
        missing.jobs[0].persistentDiskPool = "gone"
        #expect(throws: ManifestError.unknownDiskPool(job: "bosh", pool: "gone")) {
            try missing.persistentDisk(for: missing.jobs[0])
        }
    }

    @Test func propertyMergeRule() throws {
        let global = try #require(try ManifestFixtures.node("{a: {x: 1, y: [1, 2]}, b: 2, c: {d: 1}}").mapValue)
        let cluster = try #require(try ManifestFixtures.node("{a: {y: [3], z: 3}, b: ~, c: 5, e: new}").mapValue)
        let merged = PropertyMerge.deepMerge(global, cluster)
        #expect(merged == (try ManifestFixtures.node("{a: {x: 1, y: [3], z: 3}, b: ~, c: 5, e: new}").mapValue))

        let job = ManifestJob(name: "bosh", properties: cluster)
        #expect(
            PropertyMerge.properties(for: ReleaseJobRef(name: "nats", release: "bosh"), in: job, global: global)
                == merged)
        let own = try #require(try ManifestFixtures.node("{only: me}").mapValue)
        #expect(
            PropertyMerge.properties(
                for: ReleaseJobRef(name: "nats", release: "bosh", properties: own), in: job, global: global) == own)
        #expect(
            PropertyMerge.properties(
                for: ReleaseJobRef(name: "nats", release: "bosh", properties: YAMLMap()), in: job, global: global)
                == YAMLMap())

        #expect(PropertyMerge.value(at: "a.x", in: merged) == .int(1))
        #expect(PropertyMerge.value(at: "b", in: merged) == .null)
        #expect(PropertyMerge.value(at: "a.q", in: merged) == nil)
        #expect(PropertyMerge.value(at: "c.d", in: merged) == nil)
    }

    static let urls: [(String, String)] = [
        ("https://example.org/r.tgz", "https://example.org/r.tgz"),
        ("http://example.org/r.tgz", "http://example.org/r.tgz"),
        ("file:///abs/r.tgz", "file:///abs/r.tgz"),
        ("/abs/r.tgz", "/abs/r.tgz"),
        ("file://~/r.tgz", "file://~/r.tgz"),
        ("~/r.tgz", "/home/me/r.tgz"),
        ("file://r.tgz", "file:///d/m/r.tgz"),
        ("file://../r.tgz", "file:///d/r.tgz"),
        ("r.tgz", "/d/m/r.tgz"),
        ("./x/../r.tgz", "/d/m/r.tgz"),
        ("", ""),
    ]

    @Test(arguments: urls)
    func urlResolution(url: String, expected: String) {
        #expect(ArtifactURL.resolve(url, manifestPath: "/d/m/bosh.yml", homeDirectory: "/home/me") == expected)
    }

    @Test func urlResolutionWithRelativeManifestPath() {
        #expect(ArtifactURL.resolve("file://r.tgz", manifestPath: "bosh.yml") == "file://r.tgz")
        #expect(ArtifactURL.resolve("r.tgz", manifestPath: "envs/bosh.yml") == "envs/r.tgz")
        #expect(ArtifactURL.resolve("~/r.tgz", manifestPath: "bosh.yml") == "~/r.tgz")
    }

    @Test func artifactSources() throws {
        #expect(ArtifactSource(url: "file:///d/r.tgz") == .file(path: "/d/r.tgz"))
        #expect(ArtifactSource(url: "https://x/r.tgz") == .remote(url: "https://x/r.tgz"))
        #expect(ArtifactSource(url: "/d/r.tgz") == .unsupported("/d/r.tgz"))
        #expect(ArtifactSource(url: "file://~/r.tgz").localPath(homeDirectory: "/home/me") == "/home/me/r.tgz")
        let manifest = try Self.manifest()
        #expect(manifest.deployment.resourcePools[0].stemcell.source == .file(path: "/d/stemcell.tgz"))
    }

    @Test func ipParsingFollowsGo() throws {
        #expect(IPAddress("10.0.0.1")?.bytes == [10, 0, 0, 1])
        #expect(IPAddress("010.0.0.1") == nil)
        #expect(IPAddress("::ffff:10.0.0.1")?.bytes == [10, 0, 0, 1])
        #expect(IPAddress("fd00::1")?.description == "fd00::1")
        #expect(IPAddress("10.0.0") == nil)
        let range = try #require(IPNetwork(cidr: "10.0.0.77/26"))
        #expect(range.description == "10.0.0.64/26")
        #expect(range.lastAddress.description == "10.0.0.127")
        #expect(range.netmaskString == "255.255.255.192")
        #expect(range.contains(try #require(IPAddress("10.0.0.100"))))
        #expect(!range.contains(try #require(IPAddress("10.0.0.128"))))
        #expect(IPNetwork(cidr: "10.0.0.0/33") == nil)
        #expect(IPNetwork(cidr: "10.0.0.0/") == nil)
    }
}

@Suite struct ManifestVMEnvironmentTests {
    @Test func tagsAreCopiedIntoBoshEnv() throws {
        let manifest = try ManifestDerivedValuesTests.manifest([("tags", "{z: last, a: first}")])
        let env = manifest.deployment.vmEnvironment(for: manifest.deployment.resourcePools[0])
        #expect(
            env["bosh"]?["tags"]
                == .map(
                    YAMLMap([
                        .init(key: .string("a"), value: .string("first")),
                        .init(key: .string("z"), value: .string("last")),
                    ])))
        #expect(env["bosh"]?["password"] == .string("*"))
    }

    @Test func envIsUnchangedWithoutTagsAndCreatedWhenMissing() throws {
        let plain = try ManifestDerivedValuesTests.manifest()
        #expect(
            plain.deployment.vmEnvironment(for: plain.deployment.resourcePools[0])
                == plain.deployment.resourcePools[0].env)
        let noEnv = try ManifestDerivedValuesTests.manifest([("resource_pools/0/env", nil), ("tags", "{env: prod}")])
        #expect(
            noEnv.deployment.vmEnvironment(for: noEnv.deployment.resourcePools[0])
                == (try ManifestFixtures.node("{bosh: {tags: {env: prod}}}").mapValue))
    }

    @Test func agentMbusComesFromCPIProperties() throws {
        let manifest = try ManifestDerivedValuesTests.manifest()
        #expect(manifest.installation.agentMbus == "https://mbus:mbus-password@0.0.0.0:6868")
        #expect(InstallationManifest().agentMbus == nil)
    }
}

import Interpolation
import Testing

@testable import Deployer

/// spec/manifest.md §3.3: one case per deployment rule, with every message the edit causes.
@Suite struct ManifestDeploymentValidationTests {
    typealias Case = (String, [(String, String?)], [String])

    static let twoJobs = """
        [{name: bosh, instances: 1, templates: [{name: nats, release: bosh}], resource_pool: vms, networks: [{name: default, static_ips: [10.0.0.6]}]},
         {name: other, instances: 1, templates: [{name: nats, release: bosh}], resource_pool: vms, networks: [{name: default, static_ips: [10.0.0.7]}]}]
        """
    static let secondNetwork = "{name: public, type: vip}"

    static let cases: [Case] = [
        ("name blank", [("name", "''")], ["name must be provided"]),
        (
            "network name blank", [("networks/0/name", "''")],
            [
                "networks[0].name must be provided",
                "resource_pools[0].network must be the name of a network",
                "jobs[0].networks[0] not found in networks",
            ]
        ),
        ("network type", [("networks/0/type", "bogus")], ["networks[0].type must be 'manual', 'dynamic', or 'vip'"]),
        (
            "network type missing", [("networks/0/type", nil)],
            ["networks[0].type must be 'manual', 'dynamic', or 'vip'"]
        ),
        (
            "subnets size", [("networks/0/subnets", "[]")],
            [
                "networks[0].subnets must be of size 1",
                "jobs[0].networks[0] static ip '10.0.0.6' must be within subnet range",
            ]
        ),
        (
            "range blank", [("networks/0/subnets/0/range", "''")],
            [
                "networks[0].subnets[0].range must be provided",
                "jobs[0].networks[0] static ip '10.0.0.6' must be within subnet range",
            ]
        ),
        (
            "range not CIDR", [("networks/0/subnets/0/range", "10.0.0.0")],
            [
                "networks[0].subnets[0].range must be an ip range",
                "jobs[0].networks[0] static ip '10.0.0.6' must be within subnet range",
            ]
        ),
        (
            "gateway blank", [("networks/0/subnets/0/gateway", "''")],
            ["networks[0].subnets[0].gateway must be provided"]
        ),
        (
            "gateway not IP", [("networks/0/subnets/0/gateway", "gw")],
            [
                "networks[0].subnets[0].gateway must be an ip",
                "subnet gateway 'gw' must be within the specified range '10.0.0.0/24'",
            ]
        ),
        (
            "gateway outside",
            [("networks/0/subnets/0/range", "10.0.0.7/24"), ("networks/0/subnets/0/gateway", "10.0.1.1")],
            [
                "subnet gateway '10.0.1.1' must be within the specified range '10.0.0.0/24'"
            ]
        ),
        (
            "gateway network address", [("networks/0/subnets/0/gateway", "10.0.0.0")],
            [
                "subnet gateway can't be the network address '10.0.0.0'"
            ]
        ),
        (
            "gateway broadcast", [("networks/0/subnets/0/gateway", "10.0.0.255")],
            [
                "subnet gateway can't be the broadcast address '10.0.0.255'"
            ]
        ),
        (
            "pool name blank", [("resource_pools/0/name", "''")],
            [
                "resource_pools[0].name must be provided",
                "jobs[0].resource_pool must be the name of a resource pool",
            ]
        ),
        ("pool network blank", [("resource_pools/0/network", "''")], ["resource_pools[0].network must be provided"]),
        (
            "pool network unknown", [("resource_pools/0/network", "other")],
            ["resource_pools[0].network must be the name of a network"]
        ),
        (
            "stemcell url blank", [("resource_pools/0/stemcell/url", "''")],
            [
                "resource_pools[0].stemcell.url must be provided",
                "resource_pools[0].stemcell.url must be a valid URL (file:// or http(s)://)",
            ]
        ),
        (
            "stemcell url bare path", [("resource_pools/0/stemcell/url", "stemcell.tgz")],
            [
                "resource_pools[0].stemcell.url must be a valid URL (file:// or http(s)://)"
            ]
        ),
        (
            "stemcell sha1", [("resource_pools/0/stemcell/url", "https://example.org/s.tgz")],
            [
                "resource_pools[0].stemcell.sha1 must be provided for http URL"
            ]
        ),
        (
            "disk pool name blank", [("disk_pools/0/name", "''")],
            [
                "disk_pools[0].name must be provided",
                "jobs[0].persistent_disk_pool must be the name of a disk pool",
            ]
        ),
        ("disk size", [("disk_pools/0/disk_size", "0")], ["disk_pools[0].disk_size must be > 0"]),
        ("two jobs", [("jobs", twoJobs)], ["jobs must be of size 1"]),
        ("job name blank", [("jobs/0/name", "''")], ["jobs[0].name must be provided"]),
        ("persistent disk negative", [("jobs/0/persistent_disk", "-1")], ["jobs[0].persistent_disk must be >= 0"]),
        (
            "disk pool unknown", [("jobs/0/persistent_disk_pool", "nope")],
            ["jobs[0].persistent_disk_pool must be the name of a disk pool"]
        ),
        ("instances negative", [("jobs/0/instances", "-1")], ["jobs[0].instances must be >= 0"]),
        ("no networks", [("jobs/0/networks", "[]")], ["jobs[0].networks must be a non-empty array"]),
        ("resource pool blank", [("jobs/0/resource_pool", nil)], ["jobs[0].resource_pool must be provided"]),
        (
            "resource pool unknown", [("jobs/0/resource_pool", "nope")],
            ["jobs[0].resource_pool must be the name of a resource pool"]
        ),
        (
            "job network name blank", [("jobs/0/networks/0/name", "''")],
            [
                "jobs[0].networks[0].name must be provided",
                "jobs[0].networks[0] not found in networks",
            ]
        ),
        ("job network unknown", [("jobs/0/networks/0/name", "other")], ["jobs[0].networks[0] not found in networks"]),
        (
            "static IP invalid", [("jobs/0/networks/0/static_ips", "[10.0.0.999]")],
            [
                "jobs[0].networks[0].static_ips[0] must be a valid IP"
            ]
        ),
        (
            "static IP outside", [("jobs/0/networks/0/static_ips", "[10.0.0.6, 10.0.1.6]")],
            [
                "jobs[0].networks[0] static ip '10.0.1.6' must be within subnet range"
            ]
        ),
        (
            "default value", [("jobs/0/networks/0/default", "[dns, foo]")],
            [
                "jobs[0].networks[0].default[1] must be 'dns' or 'gateway'"
            ]
        ),
        (
            "multiple networks without defaults",
            [
                (
                    "networks",
                    "[{name: default, type: manual, subnets: [{range: 10.0.0.0/24, gateway: 10.0.0.1}]}, \(secondNetwork)]"
                ),
                ("jobs/0/networks", "[{name: default, static_ips: [10.0.0.6]}, {name: public, static_ips: [1.2.3.4]}]"),
            ],
            [
                "with multiple networks, a default for 'dns' must be specified",
                "with multiple networks, a default for 'gateway' must be specified",
            ]
        ),
        (
            "defaults claimed twice",
            [
                (
                    "networks",
                    "[{name: default, type: manual, subnets: [{range: 10.0.0.0/24, gateway: 10.0.0.1}]}, \(secondNetwork)]"
                ),
                (
                    "jobs/0/networks",
                    "[{name: default, static_ips: [10.0.0.6], default: [dns, gateway]}, {name: public, static_ips: [1.2.3.4], default: [dns, gateway]}]"
                ),
            ],
            [
                "only one network can be the default for 'dns'",
                "only one network can be the default for 'gateway'",
            ]
        ),
        (
            "lifecycle", [("jobs/0/lifecycle", "errand")],
            ["jobs[0].lifecycle must be 'service' ('errand' not supported)"]
        ),
        ("template name blank", [("jobs/0/templates/0/name", "''")], ["jobs[0].templates[0].name must be provided"]),
        (
            "template name duplicate",
            [("jobs/0/templates", "[{name: nats, release: bosh}, {name: nats, release: bosh}]")],
            [
                "jobs[0].templates[1].name 'nats' must be unique"
            ]
        ),
        (
            "template release blank", [("jobs/0/templates/0/release", "''")],
            ["jobs[0].templates[0].release must be provided"]
        ),
        (
            "template release unknown", [("jobs/0/templates/0/release", "nope")],
            [
                "jobs[0].templates[0].release 'nope' must refer to release in releases"
            ]
        ),
        (
            "duplicate networks",
            [
                (
                    "networks",
                    "[{name: default, type: manual, subnets: [{range: 10.0.0.0/24, gateway: 10.0.0.1}]}, {name: default, type: dynamic}]"
                )
            ],
            [
                "networks[1].name 'default' must be unique"
            ]
        ),
        (
            "duplicate resource pools",
            [
                (
                    "resource_pools",
                    "[{name: vms, network: default, stemcell: {url: file://s.tgz}}, {name: vms, network: default, stemcell: {url: file://s.tgz}}]"
                )
            ],
            [
                "resource_pools[1].name 'vms' must be unique"
            ]
        ),
        (
            "duplicate disk pools", [("disk_pools", "[{name: disks, disk_size: 1}, {name: disks, disk_size: 2}]")],
            [
                "disk_pools[1].name 'disks' must be unique"
            ]
        ),
    ]

    @Test(arguments: cases)
    func rule(name: String, edits: [(String, String?)], expected: [String]) throws {
        let node = try ManifestFixtures.editing(ManifestFixtures.v1, edits)
        let problems = ManifestFixtures.problems(node)
        #expect(problems.map(\.message) == expected, "\(name)")
        #expect(problems.allSatisfy { $0.stage == .deploymentValidation })
    }

    @Test func v2SpellingStillReportsJobsAndTemplates() throws {
        let node = try ManifestFixtures.setting(
            try ManifestFixtures.node(ManifestFixtures.v2), "instance_groups/0/jobs/0/release", to: "nope")
        #expect(
            ManifestFixtures.messages(node) == ["jobs[0].templates[0].release 'nope' must refer to release in releases"]
        )
        #expect(ManifestFixtures.problems(node).first?.path == "jobs[0].templates[0].release")
    }

    @Test func pureV2ManifestNeedsAResourcePool() throws {
        let node = try ManifestFixtures.editing(
            ManifestFixtures.v2,
            [
                ("instance_groups/0/resource_pool", nil), ("instance_groups/0/vm_type", "default"),
                ("instance_groups/0/stemcell", "default"), ("instance_groups/0/persistent_disk_type", "disks"),
            ])
        #expect(ManifestFixtures.messages(node) == ["jobs[0].resource_pool must be provided"])
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let node = try ManifestFixtures.editing(
            ManifestFixtures.v1,
            [
                ("name", "''"), ("releases/0/name", "''"), ("cloud_provider/template/name", "''"),
                ("jobs/0/lifecycle", "errand"),
            ])
        #expect(
            ManifestFixtures.messages(node) == [
                "releases[0].name must be provided",
                "cloud_provider.template.name must be provided",
                "name must be provided",
                "jobs[0].lifecycle must be 'service' ('errand' not supported)",
                "jobs[0].templates[0].release 'bosh' must refer to release in releases",
            ])
        #expect(throws: ManifestError.self) { try ManifestParser.parse(node, path: "bosh.yml") }
    }

    @Test func ipv6GatewayAndStaticIPs() throws {
        let node = try ManifestFixtures.editing(
            ManifestFixtures.v1,
            [
                ("networks/0/subnets/0/range", "'fd00:10::/64'"), ("networks/0/subnets/0/gateway", "'fd00:10::1'"),
                ("jobs/0/networks/0/static_ips", "['fd00:10::6']"),
            ])
        #expect(ManifestFixtures.problems(node).isEmpty)
        let outside = try ManifestFixtures.setting(node, "networks/0/subnets/0/gateway", to: "'fd00:11::1'")
        #expect(
            ManifestFixtures.messages(outside) == [
                "subnet gateway 'fd00:11::1' must be within the specified range 'fd00:10::/64'"
            ])
    }

    @Test func releaseJobsMustExistInTheirRelease() throws {
        let manifest = try ManifestParser.parse(try ManifestFixtures.node(ManifestFixtures.v1), path: "bosh.yml")
        let missing = ManifestValidator.validateReleaseJobs(manifest.deployment) { $0 == "bosh" ? ["director"] : nil }
        #expect(
            missing.map(\.message) == [
                "jobs[0].templates[0] must refer to a job in 'bosh', but there is no job named 'nats'"
            ])
        let noRelease = ManifestValidator.validateReleaseJobs(manifest.deployment) { _ in nil }
        #expect(noRelease.map(\.message) == ["jobs[0].templates[0].release 'bosh' must refer to release in releases"])
        #expect(ManifestValidator.validateReleaseJobs(manifest.deployment) { _ in ["nats"] }.isEmpty)
    }
}

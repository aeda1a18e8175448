import GoYAML
import Interpolation
import Testing

@testable import Deployer

/// Parse-time rules: both spellings, watch time, YAML type mismatches and property keys.
@Suite struct ManifestParsingTests {
    @Test func bothJobsAndInstanceGroupsIsAnError() throws {
        let node = try ManifestFixtures.setting(
            try ManifestFixtures.node(ManifestFixtures.v1), "instance_groups", to: "[{name: x}]")
        let problems = ManifestFixtures.problems(node).filter { $0.stage == .deploymentParsing }
        #expect(
            problems.map(\.message) == ["Deployment specifies both jobs and instance_groups keys, only one is allowed"])
    }

    @Test func bothTemplatesAndJobsIsAnError() throws {
        let node = try ManifestFixtures.setting(
            try ManifestFixtures.node(ManifestFixtures.v1), "jobs/0/jobs", to: "[{name: nats, release: bosh}]")
        let problems = ManifestFixtures.problems(node).filter { $0.stage == .deploymentParsing }
        #expect(
            problems.map(\.message) == [
                "Deployment specifies both templates and jobs keys for instance_group bosh, only one is allowed"
            ])
    }

    @Test func emptyListsCountAsAbsent() throws {
        let node = try ManifestFixtures.editing(
            ManifestFixtures.v1, [("instance_groups", "[]"), ("jobs/0/jobs", "[]")])
        let manifest = try ManifestParser.parse(node, path: "bosh.yml")
        #expect(!manifest.deployment.usesInstanceGroups)
        #expect(manifest.deployment.jobs[0].templates.map(\.name) == ["nats"])
    }

    static let watchTimes: [(String, String)] = [
        ("'5000'", "Parsing update watch time: Invalid watch time range '5000'"),
        ("5000", "Parsing update watch time: Invalid watch time range '5000'"),
        ("'1-2-3'", "Parsing update watch time: Invalid watch time range '1-2-3'"),
        (
            "'a-10'",
            "Parsing update watch time: Non-positive number as watch time minimum a: strconv.Atoi: parsing \"a\": invalid syntax"
        ),
        (
            "'10- b'",
            "Parsing update watch time: Non-positive number as watch time maximum  b: strconv.Atoi: parsing \"b\": invalid syntax"
        ),
        ("'10-5'", "Parsing update watch time: Watch time must have maximum greater than or equal minimum 10-5"),
    ]

    @Test(arguments: watchTimes)
    func watchTimeErrors(value: String, expected: String) throws {
        let node = try ManifestFixtures.setting(
            try ManifestFixtures.node(ManifestFixtures.v1), "update/update_watch_time", to: value)
        #expect(ManifestFixtures.messages(node) == [expected])
    }

    @Test func watchTimeDefaultAndParsed() throws {
        let base = try ManifestFixtures.node(ManifestFixtures.v1)
        #expect(
            try ManifestParser.parse(base, path: "m.yml").deployment.update.updateWatchTime
                == WatchTime(start: 0, end: 300_000))
        let set = try ManifestFixtures.setting(base, "update", to: "{update_watch_time: ' 1000 - 60000 ', canaries: 2}")
        #expect(
            try ManifestParser.parse(set, path: "m.yml").deployment.update.updateWatchTime
                == WatchTime(start: 1000, end: 60000))
    }

    static let mismatches: [(String, String, String, ManifestProblem.Stage)] = [
        ("name", "{a: 1}", "name: cannot unmarshal !!map into string", .deploymentUnmarshalling),
        ("jobs/0/instances", "'1'", "jobs[0].instances: cannot unmarshal !!str into int", .deploymentUnmarshalling),
        ("networks", "oops", "networks: cannot unmarshal !!str into list", .deploymentUnmarshalling),
        (
            "disk_pools/0/disk_size", "[1]", "disk_pools[0].disk_size: cannot unmarshal !!seq into int",
            .deploymentUnmarshalling
        ),
        (
            "jobs/0/networks/0/static_ips", "10.0.0.6",
            "jobs[0].networks[0].static_ips: cannot unmarshal !!str into []string", .deploymentUnmarshalling
        ),
        (
            "resource_pools/0/cloud_properties", "[a]",
            "resource_pools[0].cloud_properties: cannot unmarshal !!seq into map", .deploymentUnmarshalling
        ),
        ("tags", "{a: [b]}", "tags.a: cannot unmarshal !!seq into string", .deploymentUnmarshalling),
        ("releases/0", "bosh", "releases[0]: cannot unmarshal !!str into struct", .releaseSetUnmarshalling),
        ("releases/0/url", "{a: b}", "releases[0].url: cannot unmarshal !!map into string", .releaseSetUnmarshalling),
        (
            "cloud_provider/mbus", "[x]", "cloud_provider.mbus: cannot unmarshal !!seq into string",
            .installationUnmarshalling
        ),
        ("properties", "{1: x}", "properties: Map contains non-string key 1", .deploymentParsing),
        (
            "jobs/0/properties/nats", "{2: x}", "jobs[0].properties.nats: Map contains non-string key 2",
            .deploymentParsing
        ),
        (
            "cloud_provider/properties/aws", "{true: x}",
            "cloud_provider.properties.aws: Map contains non-string key true", .installationParsing
        ),
    ]

    @Test(arguments: mismatches)
    func typeMismatchIsAProblemNotACrash(
        path: String, value: String, expected: String, stage: ManifestProblem.Stage
    ) throws {
        let node = try ManifestFixtures.setting(try ManifestFixtures.node(ManifestFixtures.v1), path, to: value)
        let problems = ManifestFixtures.problems(node)
        let problem = try #require(problems.first { $0.stage == stage })
        #expect(problem.message == expected)
    }

    @Test func scalarsAreAcceptedWhereStringsAreExpected() throws {
        let node = try ManifestFixtures.editing(
            ManifestFixtures.v1, [("name", "123"), ("tags", "{build: 7, ok: true}")])
        let manifest = try ManifestParser.parse(node, path: "bosh.yml")
        #expect(manifest.deployment.name == "123")
        #expect(manifest.deployment.tags == ["build": "7", "ok": "true"])
    }

    @Test(arguments: [YAMLNode.string("just text"), .array([.int(1)]), .int(3)])
    func documentThatIsNotAMap(_ node: YAMLNode) throws {
        let problems = ManifestFixtures.problems(node)
        #expect(problems.first?.message.hasPrefix("document: cannot unmarshal") == true)
        #expect(problems.contains { $0.message == "releases must contain at least 1 release" })
    }

    @Test func emptyDocumentReportsMissingPieces() {
        let messages = ManifestFixtures.messages(.null)
        #expect(messages.contains("releases must contain at least 1 release"))
        #expect(messages.contains("cloud_provider.template.name must be provided"))
        #expect(messages.contains("name must be provided"))
    }

    @Test func releaseJobPropertiesKeepPresenceEvenWhenEmpty() throws {
        let node = try ManifestFixtures.editing(
            ManifestFixtures.v1,
            [
                (
                    "jobs/0/templates",
                    "[{name: nats, release: bosh, properties: {}}, {name: director, release: bosh}, {name: hm, release: bosh, properties: ~}]"
                )
            ])
        let templates = try ManifestParser.parse(node, path: "bosh.yml").deployment.jobs[0].templates
        #expect(templates.map(\.properties) == [YAMLMap(), nil, nil])
    }
}

import Interpolation
import Testing

@testable import Deployer

/// spec/manifest.md §3.1: release set rules, one case per rule.
@Suite struct ManifestReleaseSetTests {
    static let cases: [(String, String?, [String])] = [
        ("releases", "[]", ["releases must contain at least 1 release"]),
        ("releases/0/name", "''", ["releases[0].name must be provided"]),
        ("releases/0/name", "'   '", ["releases[0].name must be provided"]),
        ("releases/1/name", "bosh", ["releases[1].name 'bosh' must be unique"]),
        (
            "releases/0/url", "''",
            [
                "releases[0].url must be provided",
                "releases[0].url must be a valid URL (file:// or http(s)://)",
            ]
        ),
        (
            "releases/0/url", nil,
            [
                "releases[0].url must be provided",
                "releases[0].url must be a valid URL (file:// or http(s)://)",
            ]
        ),
        ("releases/0/url", "/abs/bosh.tgz", ["releases[0].url must be a valid URL (file:// or http(s)://)"]),
        ("releases/0/url", "bosh.tgz", ["releases[0].url must be a valid URL (file:// or http(s)://)"]),
        (
            "releases/0/url", "ftp://example.org/bosh.tgz",
            ["releases[0].url must be a valid URL (file:// or http(s)://)"]
        ),
        ("releases/1/sha1", nil, ["releases[1].sha1 must be provided for http URL"]),
        ("releases/0/url", "http://example.org/bosh.tgz", ["releases[0].sha1 must be provided for http URL"]),
    ]

    @Test(arguments: cases)
    func rule(path: String, value: String?, expected: [String]) throws {
        let node = try ManifestFixtures.setting(try ManifestFixtures.node(ManifestFixtures.v1), path, to: value)
        let problems = ManifestFixtures.problems(node).filter { $0.stage == .releaseSetValidation }
        #expect(problems.map(\.message) == expected)
    }

    @Test func problemsCarryTheirPath() throws {
        let node = try ManifestFixtures.setting(
            try ManifestFixtures.node(ManifestFixtures.v1), "releases/1/sha1", to: nil)
        let problem = try #require(ManifestFixtures.problems(node).first)
        #expect(problem.path == "releases[1].sha1")
        #expect(problem.stage == .releaseSetValidation)
    }

    @Test func multiDigestSHA1IsAccepted() throws {
        let node = try ManifestFixtures.setting(
            try ManifestFixtures.node(ManifestFixtures.v1), "releases/1/sha1", to: "'sha256:abcd;sha1:1234'")
        let manifest = try ManifestParser.parse(node, path: "bosh.yml")
        #expect(manifest.releaseSet.releases[1].sha1 == "sha256:abcd;sha1:1234")
        #expect(manifest.releaseSet.releases[1].source == .remote(url: "https://example.org/cpi.tgz"))
    }

    @Test func versionIsIgnoredAndUnknownKeysToo() throws {
        let node = try ManifestFixtures.editing(
            ManifestFixtures.v1,
            [
                ("releases/0/version", "283.1.6"), ("releases/0/stemcell", "{os: ubuntu}"),
                ("stemcells", "[{alias: default}]"),
            ])
        #expect(ManifestFixtures.problems(node).isEmpty)
    }
}

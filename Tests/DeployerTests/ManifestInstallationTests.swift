import GoYAML
import Interpolation
import Testing

@testable import Deployer

/// spec/manifest.md §3.2 and the `cloud_provider` parse-time checks.
@Suite struct ManifestInstallationTests {
    static let validationCases: [(String, String?, [String])] = [
        ("cloud_provider/template/name", "''", ["cloud_provider.template.name must be provided"]),
        (
            "cloud_provider/template/release", "''",
            [
                "cloud_provider.template.release must be provided",
                "cloud_provider.template.release '' must refer to a release in releases",
            ]
        ),
        (
            "cloud_provider/template/release", "nope",
            ["cloud_provider.template.release 'nope' must refer to a release in releases"]
        ),
        (
            "cloud_provider/template", nil,
            [
                "cloud_provider.template.name must be provided",
                "cloud_provider.template.release must be provided",
                "cloud_provider.template.release '' must refer to a release in releases",
            ]
        ),
        (
            "cloud_provider/templates", "[{name: a, release: bosh-aws-cpi}, {name: b, release: other}]",
            [
                "cloud_provider.template.release 'other' must refer to a release in releases"
            ]
        ),
    ]

    @Test(arguments: validationCases)
    func validationRule(path: String, value: String?, expected: [String]) throws {
        let node = try ManifestFixtures.setting(try ManifestFixtures.node(ManifestFixtures.v1), path, to: value)
        let problems = ManifestFixtures.problems(node).filter { $0.stage == .installationValidation }
        #expect(problems.map(\.message) == expected)
    }

    static let parsingCases: [(String, String?, [String])] = [
        (
            "cloud_provider/templates",
            "[{name: a, release: bosh-aws-cpi}, {name: a, release: bosh}, {name: b, release: bosh}, {name: b, release: bosh}]",
            [
                "Duplicate templates names are illegal. Duplicate template names found: 'a', 'b'"
            ]
        ),
        ("cloud_provider/cert/ca", "not a pem", ["Invalid CA cert"]),
        (
            "cloud_provider/cert/ca", "\"-----BEGIN CERTIFICATE-----\\n%%%%\\n-----END CERTIFICATE-----\\n\"",
            ["Invalid CA cert"]
        ),
        (
            "cloud_provider/ssh_tunnel",
            "{host: h, private_key: \"-----BEGIN RSA PRIVATE KEY-----\\nnot base64!\\n-----END RSA PRIVATE KEY-----\"}",
            [
                "Invalid private key for ssh tunnel"
            ]
        ),
        (
            "cloud_provider/ssh_tunnel",
            "{host: h, private_key: \"-----BEGIN EC PRIVATE KEY-----\\nMIIB\\n-----END EC PRIVATE KEY-----\"}",
            [
                "Unsupported private key format for ssh tunnel"
            ]
        ),
    ]

    @Test(arguments: parsingCases)
    func parsingRule(path: String, value: String?, expected: [String]) throws {
        let node = try ManifestFixtures.setting(try ManifestFixtures.node(ManifestFixtures.v1), path, to: value)
        let problems = ManifestFixtures.problems(node).filter { $0.stage == .installationParsing }
        #expect(problems.map(\.message) == expected)
    }

    @Test func templatesWinOverTemplate() throws {
        let node = try ManifestFixtures.setting(
            try ManifestFixtures.node(ManifestFixtures.v1), "cloud_provider/templates",
            to: "[{name: aws_cpi, release: bosh-aws-cpi}, {name: nats, release: bosh}]")
        let manifest = try ManifestParser.parse(node, path: "bosh.yml")
        #expect(manifest.installation.templates.map(\.name) == ["aws_cpi", "nats"])
    }

    @Test func readsMbusCertAndProperties() throws {
        let manifest = try ManifestParser.parse(try ManifestFixtures.node(ManifestFixtures.v1), path: "bosh.yml")
        #expect(manifest.installation.mbus == "https://mbus:mbus-password@10.0.0.6:6868")
        #expect(manifest.installation.cert.ca.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(manifest.installation.name == "bosh")
        #expect(PropertyMerge.value(at: "aws.region", in: manifest.installation.properties) == .string("us-east-1"))
        #expect(PropertyMerge.cpiProperties(manifest.installation) == manifest.installation.properties)
        #expect(manifest.installation.sshTunnel == nil)
    }

    @Test func sshTunnelKeepsAPEMOrResolvesAPath() throws {
        let base = try ManifestFixtures.node(ManifestFixtures.v1)
        let inline = try ManifestFixtures.setting(
            base, "cloud_provider/ssh_tunnel",
            to:
                "{host: 1.2.3.4, port: 22, user: vcap, private_key: \"-----BEGIN RSA PRIVATE KEY-----\\nMIIB\\n-----END RSA PRIVATE KEY-----\\n\"}"
        )
        let tunnel = try #require(try ManifestParser.parse(inline, path: "/d/bosh.yml").installation.sshTunnel)
        #expect(tunnel.port == 22)
        #expect(tunnel.privateKey == .pem("-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n"))
        #expect(!tunnel.description.contains("MIIB"))

        let file = try ManifestFixtures.setting(
            base, "cloud_provider/ssh_tunnel", to: "{host: h, private_key: keys/id_rsa}")
        #expect(
            try ManifestParser.parse(file, path: "/d/bosh.yml").installation.sshTunnel?.privateKey
                == .file("/d/keys/id_rsa"))
    }
}

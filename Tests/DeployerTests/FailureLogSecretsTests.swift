import DeployerSupport
import DeployerTestSupport
import Foundation
import GoYAML
import Interpolation
import Testing

@testable import Deployer

/// What the log lines of a failure may not show, and where their tarball is kept.
@Suite struct FailureLogSecretsTests {
    @Test func manifestSecretsURLPasswordsAndTheVarsStoreAreRegistered() throws {
        let scratch = try TemporaryDirectory("secrets")
        let directory = scratch.path
        try """
        admin_password: generated-password-1
        ca:
          certificate: PUBLIC-CERT-TEXT
          private_key: PRIVATE-KEY-TEXT
        """.write(toFile: directory + "/creds.yml", atomically: true, encoding: .utf8)
        let manifest = try YAMLCodec.parse(
            """
            name: demo
            instance_groups:
            - name: web
              properties:
                db: {host: db.internal, password: manifest-password, port: 5432}
                api_token: token-value-1
                short: {password: "*"}
                numbers: {secret_number: 98765}
            cloud_provider:
              mbus: https://mbus:mbus%2Fpass@10.0.0.6:6868
            """)
        let registry = FailureLogSecrets.registry(manifest: manifest, varsStore: directory + "/creds.yml", home: nil)
        let registered = Set(registry.registered)
        for secret in [
            "generated-password-1", "PUBLIC-CERT-TEXT", "PRIVATE-KEY-TEXT", "manifest-password", "token-value-1",
            "98765", "mbus%2Fpass", "mbus/pass",
        ] {
            #expect(registered.contains(secret), "\(secret) not registered")
        }
        for plain in ["demo", "web", "db.internal", "5432", "*", "10.0.0.6"] {
            #expect(!registered.contains(plain), "\(plain) registered")
        }
    }

    @Test func aMissingVarsStoreOrManifestGivesWhatIsThere() {
        #expect(
            FailureLogSecrets.registry(manifest: nil, varsStore: "/nonexistent/creds.yml", home: nil).registered.isEmpty
        )
    }

    @Test func theTarballIsNamedAfterTheDeploymentAndTheTime() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let now = calendar.date(from: DateComponents(year: 2026, month: 12, day: 7, hour: 3, minute: 15, second: 2))!
        let stamp = Orchestrator.logsTimestamp(now: now)
        #expect(FailureLogArchive.path(home: "/h", deployment: "bosh-1", now: now) == "/h/logs/bosh-1-\(stamp).tgz")
        #expect(FailureLogArchive.path(home: "/h", deployment: "a/b c", now: now) == "/h/logs/a_b_c-\(stamp).tgz")
        #expect(FailureLogArchive.path(home: "/h", deployment: "..", now: now) == "/h/logs/deployment..-\(stamp).tgz")
        #expect(Orchestrator.logsTimestamp(now: now, timeZone: calendar.timeZone) == "20261207-031502")
    }

    @Test func theDirectoryIsPrivate() throws {
        let scratch = try TemporaryDirectory("home")
        let home = scratch.path
        try FileManager.default.createDirectory(
            atPath: home + "/logs", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        try FailureLogArchive.prepareDirectory(home: home)
        let mode = try FileManager.default.attributesOfItem(atPath: home + "/logs")[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o700)
    }
}

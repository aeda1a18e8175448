import Crypto
import DeployerSupport
import DeployerTestSupport
import Foundation
import GoYAML
import Testing

@testable import Deployer

/// The manifest fingerprint: paths in go-patch's syntax, the changes `plan` lists, and what it
/// keeps out of the state file (values, and anything a guess of a value could be tested on).
@Suite struct ManifestFingerprintTests {
    static let key = ManifestFingerprintKey(bytes: Data(repeating: 7, count: 32))

    static func manifest(_ yaml: String) throws -> JSONValue {
        JSONValue(yaml: try YAMLCodec.parse(yaml))
    }

    static let base = """
        name: notes
        instance_groups:
        - name: notes
          jobs:
          - name: notes
            properties: {notes: {port: 8080, greeting: hello}}
          networks: [{name: default, static_ips: [10.0.0.6]}]
        cloud_provider:
          mbus: https://mbus:s3cret-password@10.0.0.6:6868
          properties: {"a/b~c": 1, empty: {}}
        """

    @Test func leavesAreNamedAsAnOpsFileWouldNameThem() throws {
        let paths = ManifestLeaves.of(try Self.manifest(Self.base)).map(\.path)
        #expect(
            paths == [
                "/cloud_provider/mbus", "/cloud_provider/properties/a~1b~0c", "/cloud_provider/properties/empty",
                "/instance_groups/name=notes/jobs/name=notes/name",
                "/instance_groups/name=notes/jobs/name=notes/properties/notes/greeting",
                "/instance_groups/name=notes/jobs/name=notes/properties/notes/port",
                "/instance_groups/name=notes/name", "/instance_groups/name=notes/networks/name=default/name",
                "/instance_groups/name=notes/networks/name=default/static_ips/0", "/name",
            ])
    }

    @Test func changesAreListedByPathWithWholeSubtreesOnce() throws {
        let old = ManifestFingerprint(of: try Self.manifest(Self.base), key: Self.key)
        let edited = Self.base
            .replacingOccurrences(of: "greeting: hello", with: "greeting: '8080'")
            .replacingOccurrences(of: "port: 8080", with: "port: '8080'")
            .replacingOccurrences(
                of: "  networks:", with: "  - name: extra\n    properties: {x: {y: 1, z: 2}}\n  networks:"
            )
            .replacingOccurrences(of: "empty: {}", with: "empty: {now: full}")
        let new = ManifestFingerprint(of: try Self.manifest(edited), key: Self.key)
        let comparison = ManifestComparison.between(recorded: old, current: new)
        #expect(
            comparison
                == .paths([
                    ManifestPathChange(path: "/cloud_provider/properties/empty", kind: .removed),
                    ManifestPathChange(path: "/cloud_provider/properties/empty/now", kind: .added),
                    ManifestPathChange(
                        path: "/instance_groups/name=notes/jobs/name=extra", kind: .added),
                    ManifestPathChange(
                        path: "/instance_groups/name=notes/jobs/name=notes/properties/notes/greeting", kind: .changed),
                    // 8080 → "8080": the same text, another type.
                    ManifestPathChange(
                        path: "/instance_groups/name=notes/jobs/name=notes/properties/notes/port", kind: .changed),
                ]))
        let back = ManifestComparison.between(recorded: new, current: old)
        guard case .paths(let reverse) = back else {
            Issue.record("\(back)")
            return
        }
        #expect(
            reverse.contains(ManifestPathChange(path: "/instance_groups/name=notes/jobs/name=extra", kind: .removed)))
    }

    @Test func theSameValuesInAnotherOrderAreNoChange() throws {
        let reordered = """
            cloud_provider:
              properties: {empty: {}, "a/b~c": 1}
              mbus: https://mbus:s3cret-password@10.0.0.6:6868
            name: notes
            instance_groups:
            - jobs:
              - properties: {notes: {greeting: hello, port: 8080}}
                name: notes
              name: notes
              networks: [{static_ips: [10.0.0.6], name: default}]
            """
        let old = ManifestFingerprint(of: try Self.manifest(Self.base), key: Self.key)
        let new = ManifestFingerprint(of: try Self.manifest(reordered), key: Self.key)
        #expect(ManifestComparison.between(recorded: old, current: new) == .paths([]))
    }

    @Test func withoutTheSameKeyThePathsAreNotGuessed() throws {
        let manifest = try Self.manifest(Self.base)
        let recorded = ManifestFingerprint(of: manifest, key: Self.key)
        let other = ManifestFingerprint(of: manifest, key: ManifestFingerprintKey(bytes: Data(repeating: 9, count: 32)))
        #expect(recorded.leaves.keys == other.leaves.keys)
        #expect(recorded.leaves.values.allSatisfy { !other.leaves.values.contains($0) })
        guard case .unknown(let why) = ManifestComparison.between(recorded: recorded, current: other) else {
            Issue.record("compared across keys")
            return
        }
        #expect(why.contains(recorded.keyID) && why.contains(other.keyID))
        guard case .unknown(let noKey) = ManifestComparison.between(recorded: recorded, current: nil) else {
            Issue.record("compared without a key")
            return
        }
        #expect(noKey.contains("no fingerprint key"))
        guard case .unknown(let noRecord) = ManifestComparison.between(recorded: nil, current: other) else {
            Issue.record("compared without a record")
            return
        }
        #expect(noRecord.contains("bosh-cli"))
    }

    /// What a state file would hold gives no value back, and no unkeyed digest of one that a
    /// guess could be checked against.
    @Test func theStateHoldsNoValueAndNothingAGuessCanBeTestedOn() throws {
        var state = DeploymentState(directorID: "d", installationID: "i")
        state.deployer.manifestFingerprint = ManifestFingerprint(of: try Self.manifest(Self.base), key: Self.key)
        let json = String(decoding: try FileStateStore.encodeState(state, path: "state.json"), as: UTF8.self)
        #expect(json.contains("/cloud_provider/mbus"))
        let mbusLeaf = #""https://mbus:s3cret-password@10.0.0.6:6868""#
        for text in ["s3cret-password", "hello", mbusLeaf] {
            #expect(!json.contains(text))
            for candidate in [text, "/cloud_provider/mbus\u{0}" + text] {
                let data = Data(candidate.utf8)
                for digest in [
                    Hex.string(SHA256.hash(data: data)), Hex.string(Insecure.SHA1.hash(data: data)),
                    Hex.string(SHA512.hash(data: data)),
                ] {
                    #expect(!json.contains(digest.prefix(32)), "an unkeyed digest of \(candidate) is in the state")
                }
            }
        }
        let decoded = try FileStateStore.decodeState(Data(json.utf8), path: "state.json")
        #expect(decoded.deployer.manifestFingerprint == state.deployer.manifestFingerprint)
    }

    @Test func theKeyIsMadeOnceWithMode0600AndReadBack() throws {
        let home = try TemporaryDirectory("fingerprint-key")
        #expect(try ManifestFingerprintKey.existing(home: home.path) == nil)
        let made = try ManifestFingerprintKey.existingOrNew(home: home.path)
        let again = try ManifestFingerprintKey.existingOrNew(home: home.path)
        #expect(made.id == again.id && made.id.count == 16)
        let path = ManifestFingerprintKey.path(home: home.path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect((attributes[.size] as? Int) == 32)
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path + "/keys") == ["manifest-fingerprint"])
        try Data("short".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ManifestFingerprintKeyError.self) { try ManifestFingerprintKey.existing(home: home.path) }
        do {
            _ = try ManifestFingerprintKey.existing(home: home.path)
        } catch {
            #expect(error.description.contains(path) && error.description.contains("5 bytes"))
        }
    }
}

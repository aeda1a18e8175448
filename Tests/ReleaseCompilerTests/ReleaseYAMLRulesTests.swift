import DeployerSupport
import Testing

@testable import ReleaseCompiler

/// Release files are read with yaml.v2's rules, as bosh-cli reads them: the same reader
/// (GoYAML) as manifests and ops files.
@Suite struct ReleaseYAMLRulesTests {
    @Test func theLastOfDuplicateKeysWins() throws {
        let manifest = try ReleaseManifest.parse("name: first\nversion: '1'\nname: second\n")
        #expect(manifest.name == "second")
    }

    @Test func stringFieldsKeepTheTextAsWritten() throws {
        let manifest = try ReleaseManifest.parse("name: r\nversion: 1.10\ncommit_hash: 0x1F\n")
        #expect(manifest.version == "1.10")
        #expect(manifest.commitHash == "0x1F")
    }

    @Test func propertyDefaultsAreDecodedValuesWithMergeKeys() throws {
        let spec = """
            name: web
            templates: {}
            packages: []
            base: &base {port: 8080, ratio: 1.0, huge: 18446744073709551615, on: yes}
            properties:
              web.settings:
                default:
                  <<: *base
                  port: 9090
            """
        let job = try JobManifest.parse(spec, path: "spec")
        let settings = try #require(job.properties["web.settings"]?.defaultValue)
        #expect(
            settings
                == .object([
                    "port": .int(9090), "ratio": .int(1), "huge": .integer(UInt64.max), "true": .bool(true),
                ]))
    }

    @Test func anAliasBombIsRefusedAsYAMLv2RefusesIt() throws {
        var text = "name: r\nversion: '1'\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...7 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        #expect {
            try ReleaseManifest.parse(text)
        } throws: { error in
            "\(error)".contains("excessive aliasing")
        }
    }
}

import Foundation
import GoYAML
import Testing

@testable import Interpolation

/// Reading ops files as bosh-cli does (`cmd/opts/ops_file_arg.go` + go-patch `op_definition.go`).
@Suite struct PatchOpsFileTests {
    typealias S = PatchTestSupport

    private func definitionError(_ ops: String, source: String = "ops.yml") -> PatchError? {
        do {
            _ = try Ops(yaml: S.yaml(ops), source: source)
            return nil
        } catch let error as PatchError {
            return error
        } catch {
            return nil
        }
    }

    @Test func runtimeFailuresNameTheOpAndFile() throws {
        let manifest = try S.yaml("instance_groups: [{name: bosh, jobs: [{name: nats}]}]")
        let ops = try Ops(
            yaml: S.yaml(
                """
                - type: replace
                  path: /instance_groups/name=bosh/jobs/name=credhub/properties?
                  value: {a: 1}
                  error: ignored because bosh-cli overrides it
                """), source: "bosh-deployment/misc/external-db-credhub.yml")
        #expect(
            S.message { try ops.apply(to: manifest) }
                == "Error 'operation [0] in bosh-deployment/misc/external-db-credhub.yml failed': Expected to find exactly one matching array item for path '/instance_groups/name=bosh/jobs/name=credhub' but found 0"
        )
    }

    @Test func indexesArePerFileWhenConcatenated() throws {
        let first = try Ops(yaml: S.yaml("- {type: replace, path: /a?, value: 1}"), source: "a.yml")
        let second = try Ops(
            yaml: S.yaml(
                """
                - {type: replace, path: /b?, value: 2}
                - {type: remove, path: /missing}
                """), source: "b.yml")
        let all = Ops(concatenating: [first, second])
        #expect(all.operations.count == 3)
        #expect(
            S.message { try all.apply(to: S.yaml("{}")) }
                == "Error 'operation [1] in b.yml failed': Expected to find a map key 'missing' for path '/missing' (found map keys: 'a', 'b')"
        )
    }

    @Test func emptyFileHasNoOps() throws {
        #expect(try Ops(yaml: S.yaml(""), source: "empty.yml").operations.isEmpty)
        #expect(try Ops(yaml: S.yaml("[]"), source: "empty.yml").apply(to: .int(1)) == .int(1))
    }

    @Test func otherKeysAreIgnoredAndScalarsReadAsText() throws {
        let ops = try Ops(yaml: S.yaml("- {type: replace, name: doc-only, path: /a?, value: x}"), source: "o.yml")
        #expect(try ops.apply(to: S.yaml("{}")) == S.yaml("{a: x}"))
    }

    @Test func missingValue() throws {
        let error = definitionError("- {type: replace, path: /a, value: ~}")
        #expect(error?.kind == .definition)
        #expect(
            error?.message == """
                Replace operation [0]: Missing value within
                {
                  "Type": "replace",
                  "Path": "/a",
                  "Error": "operation [0] in ops.yml failed"
                }
                """)
    }

    @Test func otherDefinitionErrors() throws {
        #expect(
            definitionError("- {type: replace, value: 1}")?.message == """
                Replace operation [0]: Missing path within
                {
                  "Type": "replace",
                  "Value": "<redacted>",
                  "Error": "operation [0] in ops.yml failed"
                }
                """)
        #expect(
            definitionError("- {type: remove, path: /a}\n- {type: remove, path: /a, value: 1}")?.message == """
                Remove operation [1]: Cannot specify value within
                {
                  "Type": "remove",
                  "Path": "/a",
                  "Value": "<redacted>",
                  "Error": "operation [1] in ops.yml failed"
                }
                """)
        #expect(
            definitionError("- {type: test, path: /a}")?.message.hasPrefix(
                "Test operation [0]: Missing value or absent within\n") == true)
        #expect(
            definitionError("- {type: test, path: a, absent: false}")?.message == """
                Test operation [0]: Invalid path: Expected to start with '/' within
                {
                  "Type": "test",
                  "Path": "a",
                  "Absent": false,
                  "Error": "operation [0] in ops.yml failed"
                }
                """)
        #expect(
            definitionError("- {type: find, path: /a}")?.message == """
                Unknown operation [0] with type 'find' within
                {
                  "Type": "find",
                  "Path": "/a",
                  "Error": "operation [0] in ops.yml failed"
                }
                """)
        #expect(
            definitionError("- ~")?.message == """
                Unknown operation [0] with type '' within
                {
                  "Error": "operation [0] in ops.yml failed"
                }
                """)
    }

    @Test func notAListOfOperations() throws {
        let error = definitionError("type: replace")
        #expect(error?.kind == .deserializing)
        #expect(error?.message == "yaml: unmarshal errors:\n  cannot unmarshal !!map into []patch.OpDefinition")
        #expect(definitionError("- {type: test, path: /a, absent: maybe}")?.kind == .deserializing)
    }

    @Test func testOpWithAbsentFalseChecksForNull() throws {
        let ops = try Ops(yaml: S.yaml("- {type: test, path: /a, absent: false}"), source: "t.yml")
        #expect(try ops.apply(to: S.yaml("{a: ~}")) == S.yaml("{a: ~}"))
        #expect(
            S.message { try ops.apply(to: S.yaml("{a: 1}")) }
                == "Error 'operation [0] in t.yml failed': Found value does not match expected value")
    }

    /// The corpus cases where `bosh int` fails in an ops file (076–078): the same manifest and
    /// ops files must fail with the same first stderr line. Without the corpus, an inline
    /// reproduction of case 076 stands in.
    @Test func corpusOpsFailuresMatchBoshCLI() throws {
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let corpus = repository.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        let cases =
            (try? FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent("cases").path)) ?? []
        var checked = 0
        for name in cases.sorted() where name.contains("-fail-ops-") {
            let directory = corpus.appendingPathComponent("cases").appendingPathComponent(name)
            let command = try String(contentsOf: directory.appendingPathComponent("cmd"), encoding: .utf8)
            let stderr = try String(contentsOf: directory.appendingPathComponent("stderr.txt"), encoding: .utf8)
            let words = command.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let manifestPath = words.first, stderr.hasPrefix("Error 'operation") else { continue }
            var opsParts: [Ops] = []
            for (index, word) in words.enumerated() where word == "-o" && index + 1 < words.count {
                let source = words[index + 1]
                let text = try String(contentsOf: corpus.appendingPathComponent(source), encoding: .utf8)
                opsParts.append(try Ops(yaml: YAMLCodec.parse(text), source: source))
            }
            let manifest = try YAMLCodec.parse(
                String(contentsOf: corpus.appendingPathComponent(manifestPath), encoding: .utf8))
            let firstLine = stderr.split(separator: "\n").first.map(String.init)
            #expect(S.message { try Ops(concatenating: opsParts).apply(to: manifest) } == firstLine, "\(name)")
            checked += 1
        }
        if checked == 0 {
            let manifest = try S.yaml("instance_groups: [{name: bosh, jobs: [{name: uaa}]}]")
            let ops = try Ops(
                yaml: S.yaml(
                    "- {type: replace, path: /instance_groups/name=bosh/jobs/name=credhub/properties/credhub/data_storage?, value: {}}"
                ),
                source: "bosh-deployment/misc/external-db-credhub.yml")
            #expect(
                S.message { try ops.apply(to: manifest) }
                    == "Error 'operation [0] in bosh-deployment/misc/external-db-credhub.yml failed': Expected to find exactly one matching array item for path '/instance_groups/name=bosh/jobs/name=credhub' but found 0"
            )
        }
    }
}

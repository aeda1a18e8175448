import DeployerSupport
import DeployerTestSupport
import Foundation
import GoYAML
import Synchronization
import Testing

@testable import Interpolation

@Suite struct VarsStoreTests {
    static func permissions(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func absentStoreGeneratesTypedVariablesAndWritesMode0600() throws {
        let directory = try TemporaryDirectory("vars-tests")
        let path = directory.path + "/sub/store.yml"
        let generator = FakeGenerator()
        let store = VarsFileStore(path: path, generator: generator)
        let result = try TemplateEvaluator.evaluate(
            yaml(
                """
                password: ((admin_password))
                plain: ((untyped))
                variables:
                - name: admin_password
                  type: password
                """), variables: store)
        #expect(result["password"] == .string("generated-password-1"))
        #expect(result["plain"] == .string("((untyped))"))
        #expect(result["variables"] == .array([]))
        #expect(try FileContents.readText(path) == "admin_password: generated-password-1\n")
        #expect(try Self.permissions(path) == 0o600)
        #expect(generator.calls.withLock { $0 } == ["password"])
    }

    /// `deployer plan`: generated values are used for the run and named, the file is untouched.
    @Test func aStoreThatDoesNotSaveGeneratesInMemoryAndNamesWhatItGenerated() throws {
        let directory = try TemporaryDirectory("vars-tests")
        let original = "keep: 1\n"
        let path = try directory.write("store.yml", original)
        let absent = directory.path + "/absent.yml"
        for storePath in [path, absent] {
            let store = VarsFileStore(path: storePath, generator: FakeGenerator(), saves: false)
            let result = try TemplateEvaluator.evaluate(
                yaml(
                    """
                    a: ((admin_password))
                    b: ((admin_password))
                    k: ((keep))
                    variables:
                    - {name: admin_password, type: password}
                    - {name: other_password, type: password}
                    """), variables: store)
            #expect(result["a"] == .string("generated-password-1"))
            #expect(result["b"] == .string("generated-password-1"))
            // As bosh-cli, every typed definition is generated, used or not.
            #expect(store.generatedNames == ["admin_password", "other_password"])
        }
        #expect(try FileContents.readText(path) == original)
        #expect(!FileManager.default.fileExists(atPath: absent))
    }

    @Test func existingValuesAreNeverRegeneratedNorRewritten() throws {
        let directory = try TemporaryDirectory("vars-tests")
        let original = "# operator's comment\nadmin_password: keep-me\n"
        let path = try directory.write("store.yml", original)
        let generator = FakeGenerator()
        let store = VarsFileStore(path: path, generator: generator)
        let result = try TemplateEvaluator.evaluate(
            yaml(
                "p: ((admin_password))\nvariables:\n- name: admin_password\n  type: password\n  options: {length: 40}"),
            variables: store)
        #expect(result["p"] == .string("keep-me"))
        #expect(generator.calls.withLock { $0 }.isEmpty)
        #expect(try FileContents.readText(path) == original)
    }

    @Test func onlyMissingVariablesAreAddedAndCertificatesSeeTheirCA() throws {
        let directory = try TemporaryDirectory("vars-tests")
        let path = try directory.write("store.yml", "default_ca:\n  certificate: stored-ca\nkeep: 1\n")
        let generator = FakeGenerator()
        let store = VarsFileStore(path: path, generator: generator)
        let sources = MultiVariables([StaticVariables(["internal_ip": .string("10.0.0.6")]), store])
        _ = try TemplateEvaluator.evaluate(
            yaml(
                """
                variables:
                - name: default_ca
                  type: certificate
                  options: {is_ca: true}
                - name: leaf
                  type: certificate
                  options: {ca: default_ca, common_name: ((internal_ip))}
                """), variables: sources)
        #expect(generator.calls.withLock { $0 } == ["certificate"])
        let saved = try YAMLCodec.parse(FileContents.readText(path))
        #expect(saved["keep"] == .int(1))
        #expect(saved["default_ca"] == (try yaml("certificate: stored-ca")))
        #expect(saved["leaf"]?["ca"] == .string("stored-ca"))
        #expect(saved.mapValue?.keys == [.string("default_ca"), .string("keep"), .string("leaf")])
    }

    @Test func storeThatIsNotYAMLIsOneErrorNamingTheFileAndStaysUntouched() throws {
        let directory = try TemporaryDirectory("vars-tests")
        let broken = "admin_password: [unclosed\n"
        let path = try directory.write("store.yml", broken)
        let store = VarsFileStore(path: path, generator: FakeGenerator())
        do {
            _ = try store.load()
            Issue.record("expected an error")
        } catch {
            let text = String(describing: error)
            #expect(text.hasPrefix("Deserializing variables file store '\(path)': yaml: line "))
            #expect(
                BoshErrorFormat.multiline(error).hasPrefix("Deserializing variables file store '\(path)':\n  yaml: "))
        }
        #expect(throws: ContextError.self) {
            try TemplateEvaluator.evaluate(yaml("variables:\n- name: x\n  type: password"), variables: store)
        }
        #expect(try FileContents.readText(path) == broken)
    }

    @Test func storeThatIsAListIsAnError() throws {
        let directory = try TemporaryDirectory("vars-tests")
        let path = try directory.write("store.yml", "- a\n- b\n")
        do {
            _ = try VarsFileStore(path: path, generator: FakeGenerator()).load()
            Issue.record("expected an error")
        } catch {
            #expect(
                String(describing: error) == "Deserializing variables file store '\(path)': "
                    + "yaml: unmarshal errors:\n  cannot unmarshal !!seq into template.StaticVariables")
        }
    }

    @Test func failedGenerationLeavesTheStoreUntouched() throws {
        let directory = try TemporaryDirectory("vars-tests")
        let original = "existing: value\n"
        let path = try directory.write("store.yml", original)
        let absent = directory.path + "/absent.yml"
        for storePath in [path, absent] {
            let store = VarsFileStore(path: storePath, generator: FakeGenerator())
            do {
                _ = try TemplateEvaluator.evaluate(yaml("variables:\n- name: x\n  type: broken"), variables: store)
                Issue.record("expected an error")
            } catch {
                #expect(
                    BoshErrorFormat.multiline(error) == """
                        Getting all variables from variable definitions sections:
                          Generating variable 'x':
                            Unsupported value type: broken
                        """)
            }
        }
        #expect(try FileContents.readText(path) == original)
        #expect(!FileManager.default.fileExists(atPath: absent))
    }

    @Test func emptyStoreIsEmptyAndListsDottedKeysByBaseName() throws {
        let directory = try TemporaryDirectory("vars-tests")
        let empty = try directory.write("empty.yml", "")
        #expect(try VarsFileStore(path: empty, generator: FakeGenerator()).names().isEmpty)
        let dotted = try directory.write("dotted.yml", "a.b: 1\na.c: 2\nplain: 3\n")
        let store = VarsFileStore(path: dotted, generator: FakeGenerator())
        #expect(try store.names() == ["a", "plain"])
        // The store itself does not split dotted keys on lookup.
        #expect(try store.value(for: VariableDefinition(name: "a.b"), lookup: { _ in nil }) == .int(1))
        #expect(try store.value(for: VariableDefinition(name: "a"), lookup: { _ in nil }) == nil)
    }

    @Test func unusedStoreKeysAreReported() throws {
        let directory = try TemporaryDirectory("vars-tests")
        let path = try directory.write("store.yml", "used: 1\nstale: 2\n")
        let store = VarsFileStore(path: path, generator: FakeGenerator())
        #expect(throws: VariableError.expectations(missing: [], unused: ["stale"])) {
            try TemplateEvaluator.evaluate(
                yaml("a: ((used))"), variables: store, options: .init(expectAllVarsUsed: true))
        }
    }
}

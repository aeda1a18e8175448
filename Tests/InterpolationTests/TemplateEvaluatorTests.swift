import DeployerSupport
import GoYAML
import Synchronization
import Testing

@testable import Interpolation

@Suite struct TemplateEvaluatorTests {
    // §7 item 30: keys, values and array items are all checked.
    static let unresolved = """
        ((key)): ((key2))
        ((key3)): 2
        dup-key: ((key3))
        ((key4))_array:
        - ((key_in_array))
        """

    @Test func unresolvedPlaceholdersStayWithoutVarErrs() throws {
        let result = try evaluate(Self.unresolved, ["key3": .string("val3")])
        #expect(
            result
                == (try yaml(
                    """
                    ((key)): ((key2))
                    val3: 2
                    dup-key: val3
                    ((key4))_array:
                    - ((key_in_array))
                    """)))
    }

    @Test func varErrsListsEveryMissingNameSorted() throws {
        #expect(throws: VariableError.expectations(missing: ["key", "key2", "key4", "key_in_array"], unused: [])) {
            try evaluate(Self.unresolved, ["key3": .string("val3")], expectAllKeys: true)
        }
        let error = VariableError.expectations(missing: ["key", "key2", "key4", "key_in_array"], unused: [])
        #expect(error.description == "Expected to find variables: key\nkey2\nkey4\nkey_in_array")
    }

    // §7 item 31.
    @Test func inlineIntegersAndStringsAreInterpolated() throws {
        let result = try evaluate("address: ((ip)):((port))", ["ip": .string("10.0.0.0"), "port": .int(4222)])
        #expect(result == .map(YAMLMap([.init(key: .string("address"), value: .string("10.0.0.0:4222"))])))
    }

    @Test func inlineFloatIsRejectedWithBoshText() throws {
        #expect(throws: VariableError.invalidInlineType(goType: "float64", value: "4222.5", name: "port")) {
            try evaluate("address: ((ip)):((port))", ["ip": .string("10.0.0.0"), "port": .float(4222.5)])
        }
        let text = VariableError.invalidInlineType(goType: "float64", value: "4222.5", name: "port").description
        #expect(
            text == "Invalid type 'float64' for value '4222.5' and variable 'port'. "
                + "Supported types for interpolation within a string are integers and strings.")
    }

    @Test func inlineBoolAndMapAreRejected() throws {
        #expect(throws: VariableError.invalidInlineType(goType: "bool", value: "true", name: "b")) {
            try evaluate("a: x-((b))", ["b": .bool(true)])
        }
        #expect(
            throws: VariableError.invalidInlineType(
                goType: "map[interface {}]interface {}", value: "<redacted>", name: "m")
        ) {
            try evaluate(
                "a: x-((m))", ["m": .map(YAMLMap([.init(key: .string("private_key"), value: .string("secret"))]))])
        }
    }

    // §7 item 32: the value keeps its newlines and is written as a literal block.
    @Test func wholeValueKeepsTypeAndMultilineText() throws {
        let result = try evaluate(
            "port: ((p))\nkey: ((key))\nlist: ((l))",
            ["p": .int(4222), "key": .string("this\nhas\nmany\nlines"), "l": .array([.int(1), .int(2)])])
        #expect(result["port"] == .int(4222))
        #expect(result["key"] == .string("this\nhas\nmany\nlines"))
        #expect(result["list"] == .array([.int(1), .int(2)]))
        #expect(YAMLCodec.emit(result).contains("key: |-\n  this\n  has\n  many\n  lines\n"))
    }

    // §7 item 33 and the integer-token retry.
    @Test func dottedNamesFindInsideTheValue() throws {
        let values: [String: YAMLNode] = [
            "key": .map(YAMLMap([.init(key: .string("subkey"), value: .string("e"))])),
            "list": .array([.string("zero"), .string("one")]),
            "byname": .map(YAMLMap([.init(key: .string("1"), value: .string("string key one"))])),
        ]
        let result = try evaluate("a: ((key.subkey))\nb: ((list.1))\nc: ((byname.1))\nd: x-((key.subkey))", values)
        #expect(result["a"] == .string("e"))
        #expect(result["b"] == .string("one"))
        #expect(result["c"] == .string("string key one"))
        #expect(result["d"] == .string("x-e"))
    }

    @Test func dottedNameNotFoundIsAnErrorNamingTheVariable() throws {
        let values: [String: YAMLNode] = ["key": .map(YAMLMap([.init(key: .string("subkey"), value: .string("e"))]))]
        do {
            _ = try evaluate("a: ((key.subkey_not_found))", values)
            Issue.record("expected an error")
        } catch {
            #expect(
                String(describing: error)
                    == "Finding variable 'key.subkey_not_found': Expected to find a map key 'subkey_not_found' for path '/subkey_not_found' (found map keys: 'subkey')"
            )
            #expect(
                BoshErrorFormat.multiline(error)
                    == "Finding variable 'key.subkey_not_found':\n  Expected to find a map key 'subkey_not_found' for path '/subkey_not_found' (found map keys: 'subkey')"
            )
        }
    }

    @Test func dottedNameWithMissingBaseIsReportedAsTheBase() throws {
        #expect(throws: VariableError.expectations(missing: ["key"], unused: [])) {
            try evaluate("a: ((key.sub))", expectAllKeys: true)
        }
    }

    @Test func bangAbsoluteAndUnicodeNames() throws {
        let result = try evaluate(
            "a: ((!secret))\nb: x-((!secret))\nc: ((/director/dep/name))\nd: ((Ω))",
            ["secret": .string("s"), "/director/dep/name": .string("abs"), "Ω": .int(1)])
        #expect(result == (try yaml("a: s\nb: x-s\nc: abs\nd: 1")))
    }

    @Test func spacesAreAllowedOnlyOnceAndInlineSpacedPlaceholdersStay() throws {
        let result = try evaluate(
            "a: (( ip ))\nb: https://(( ip ))\nc: ((  ip))\nd: (()\ne: ((ip ))",
            ["ip": .string("10.0.0.6")])
        #expect(result["a"] == .string("10.0.0.6"))
        #expect(result["b"] == .string("https://(( ip ))"))
        #expect(result["c"] == .string("((  ip))"))
        #expect(result["d"] == .string("(()"))
        #expect(result["e"] == .string("10.0.0.6"))
    }

    @Test func mapKeysAreInterpolated() throws {
        let result = try evaluate("((iaas))_cpi: x\n((n)): z", ["iaas": .string("aws"), "n": .int(5)])
        #expect(
            result
                == .map(
                    YAMLMap([
                        .init(key: .string("aws_cpi"), value: .string("x")), .init(key: .int(5), value: .string("z")),
                    ])))
    }

    // §7 item 34.
    @Test func mutuallyReferencingDefinitionsAreRecursion() throws {
        let text = """
            a: ((key1))
            variables:
            - name: key1
              type: password
              options: {x: ((key2))}
            - name: key2
              type: password
              options: {x: ((key1))}
            """
        do {
            _ = try evaluate(text)
            Issue.record("expected an error")
        } catch {
            let description = String(describing: error)
            #expect(
                description.hasPrefix(
                    "Getting all variables from variable definitions sections: "
                        + "Interpolating variable 'key1' definition options: Finding variable 'key2': "
                        + "Interpolating variable 'key2' definition options: Finding variable 'key1': Detected recursion"
                ))
        }
    }

    // §7 item 35.
    @Test func foundDefinitionsAreRemovedAndUnfoundOnesStay() throws {
        let text = """
            a: ((found))
            variables:
            - name: found
              type: password
            - name: unfound
              type: certificate
            """
        let result = try evaluate(text, ["found": .string("f")])
        #expect(result["variables"] == (try yaml("- name: unfound\n  type: certificate")))
        let all = try evaluate("a: ((found))\nvariables:\n- name: found\n  type: password", ["found": .string("f")])
        #expect(all["variables"] == .array([]))
        #expect(YAMLCodec.emit(all) == "a: f\nvariables: []\n")
    }

    // §7 item 36.
    @Test func definitionLookupOrder() throws {
        let variables = RecordingVariables([
            "key": .string("v"), "key1": .string("v"), "missing-type": .string("v"), "key2": .string("v"),
        ])
        _ = try TemplateEvaluator.evaluate(
            yaml(
                """
                abc: ((key))
                variables:
                - name: key1
                  type: key1-type
                - name: missing-type
                - name: key2
                  type: key2-type
                """), variables: variables)
        #expect(variables.requests.withLock { $0 } == ["key1", "key2", "key", "key1", "missing-type", "key2"])
    }

    @Test func definitionsReceiveInterpolatedOptions() throws {
        final class OptionsRecorder: VariableSource {
            let seen = Mutex<YAMLNode?>(nil)
            func value(for definition: VariableDefinition, lookup: (String) throws -> YAMLNode?) throws -> YAMLNode? {
                if definition.name == "ip" { return .string("10.0.0.6") }
                if definition.name == "cert" { seen.withLock { $0 = definition.options } }
                return nil
            }
            func names() -> [String] { [] }
        }
        let recorder = OptionsRecorder()
        _ = try TemplateEvaluator.evaluate(
            yaml("variables:\n- name: cert\n  type: certificate\n  options: {common_name: ((ip))}"), variables: recorder
        )
        #expect(recorder.seen.withLock { $0 } == (try yaml("common_name: 10.0.0.6")))
    }

    // A definition whose option is missing is not looked up; the option's name is reported.
    @Test func missingOptionVariableIsReportedInsteadOfTheDefinition() throws {
        let text = """
            cert: ((cert))
            variables:
            - name: cert
              type: certificate
              options: {duration: ((certificate_duration))}
            """
        #expect(throws: VariableError.expectations(missing: ["certificate_duration"], unused: [])) {
            try evaluate(text, ["cert": .string("c")], expectAllKeys: true)
        }
        // Without the check, the definition stays (its value was never asked for).
        let result = try evaluate(text, ["cert": .string("c")])
        #expect(result["variables"]?.arrayValue?.count == 1)
    }

    @Test func unusedVariablesAreReportedAndOptionsOnlyUseCounts() throws {
        let text = """
            a: ((used))
            variables:
            - name: cert
              type: certificate
              options: {duration: ((d))}
            """
        #expect(throws: VariableError.expectations(missing: [], unused: ["extra", "other"])) {
            try evaluate(
                text,
                [
                    "used": .string("u"), "d": .int(3), "cert": .string("c"), "extra": .string("x"),
                    "other.key": .string("y"),
                ], expectAllVarsUsed: true)
        }
    }

    @Test func missingAndUnusedRenderLikeBoshCLI() throws {
        do {
            _ = try evaluate(
                "a: ((subnet_id))", ["private_key": .string("./bosh.pem")], expectAllKeys: true, expectAllVarsUsed: true
            )
            Issue.record("expected an error")
        } catch {
            #expect(
                BoshErrorFormat.multiline(error)
                    == "- Expected to find variables:\n    - subnet_id\n- Expected to use variables:\n    - private_key"
            )
        }
    }

    @Test func absoluteNamesSortFirst() throws {
        #expect(throws: VariableError.expectations(missing: ["/dns_ca", "a", "b"], unused: [])) {
            try evaluate("x: [((b)), ((a)), ((/dns_ca))]", expectAllKeys: true)
        }
    }

    @Test func sourceErrorsDuringDefinitionsAreWrapped() throws {
        let store = VarsFileStore(
            path: "/nonexistent-dir-\(UInt64.random(in: 0...UInt64.max))/s.yml", generator: FakeGenerator())
        do {
            _ = try TemplateEvaluator.evaluate(yaml("variables:\n- name: x\n  type: broken"), variables: store)
            Issue.record("expected an error")
        } catch {
            #expect(
                String(describing: error)
                    == "Getting all variables from variable definitions sections: Generating variable 'x': Unsupported value type: broken"
            )
        }
    }

    @Test func nonListVariablesSectionIsAnError() throws {
        #expect(throws: VariableError.self) { try evaluate("variables: {a: b}") }
    }
}

import DeployerTestSupport
import Foundation
import GoYAML
import Testing

@testable import Interpolation

/// yaml.v2's whole integer range (`resolve.go`): `ParseInt` first, then `ParseUint` (a
/// `uint64`), then the float pattern; and the uint64 carried through everything bosh-cli does
/// with a decoded value.
@Suite struct YAMLUnsignedIntegerTests {
    private func value(_ text: String) throws -> YAMLNode {
        try #require(try YAMLCodec.parse("v: \(text)")["v"])
    }

    @Test(arguments: [
        ("18446744073709551615", UInt64.max),
        ("9223372036854775808", UInt64(1) << 63),
        ("18_446_744_073_709_551_615", UInt64.max),
        ("0xFFFFFFFFFFFFFFFF", UInt64.max),
        ("0x8000000000000000", UInt64(1) << 63),
        ("0o1777777777777777777777", UInt64.max),
        ("01777777777777777777777", UInt64.max),
        ("0b" + String(repeating: "1", count: 64), UInt64.max),
    ])
    func integersAboveInt64MaxAreUnsigned(_ text: String, _ expected: UInt64) throws {
        #expect(try value(text) == .uint(expected))
    }

    @Test func theSignedRangeStaysInt() throws {
        #expect(try value("9223372036854775807") == .int(Int.max))
        #expect(try value("-9223372036854775808") == .int(Int.min))
        #expect(try value("0x7FFFFFFFFFFFFFFF") == .int(Int.max))
        #expect(YAMLNode.integer(42) == .int(42))
        #expect(YAMLNode.integer(UInt64(Int.max)) == .int(Int.max))
        #expect(YAMLNode.integer(UInt64.max) == .uint(UInt64.max))
    }

    @Test func beyondBothRangesIsAFloatOrAString() throws {
        // ParseUint takes no sign, so these reach the float pattern.
        #expect(try value("18446744073709551616") == .float(18446744073709551616))
        // (Both round to the nearest float64: -2^63 and 2^64.)
        #expect(try value("-9223372036854775809") == .float(-9223372036854775808))
        #expect(try value("+18446744073709551615") == .float(18446744073709551616))
        // Not the float pattern either: a string.
        #expect(try value("0x10000000000000000") == .string("0x10000000000000000"))
        #expect(try value("-0x8000000000000001") == .string("-0x8000000000000001"))
    }

    @Test func explicitTags() throws {
        #expect(try value("!!int 18446744073709551615") == .uint(UInt64.max))
        #expect(try value("!!str 18446744073709551615") == .string("18446744073709551615"))
        // yaml.v2 turns only an int (not a uint64) into a float for `!!float`.
        #expect(throws: YAMLSyntaxError.self) { try value("!!float 18446744073709551615") }
        do {
            _ = try value("!!float 18446744073709551615")
        } catch {
            #expect(String(describing: error).contains("cannot decode !!int `18446744073709551615` as a !!float"))
        }
    }

    @Test func emittedAsPlainDigitsAndReadBack() throws {
        let node = YAMLNode.map(YAMLMap([.init(key: .string("big"), value: .uint(UInt64.max))]))
        let text = YAMLCodec.emit(node)
        #expect(text == "big: 18446744073709551615\n")
        #expect(try YAMLCodec.parse(text) == node)
        #expect(YAMLCodec.emit(.array([.uint(1 << 63)])) == "- 9223372036854775808\n")
    }

    @Test func asAKeyItSortsByValueThenAfterInt() throws {
        // Go compares number keys as float64; an int and a uint64 of equal float value go by kind.
        let map = YAMLMap([
            .init(key: .uint(UInt64.max), value: .string("max")),
            .init(key: .uint(1 << 63), value: .string("uint")),
            .init(key: .float(2.5), value: .string("float")),
            .init(key: .int(Int.max), value: .string("int")),
            .init(key: .int(1), value: .string("one")),
        ])
        #expect(
            YAMLCodec.emit(.map(map)) == """
                1: one
                2.5: float
                9223372036854775807: int
                9223372036854775808: uint
                18446744073709551615: max

                """)
    }

    @Test func insideAStringItIsWrittenAsAnInteger() throws {
        let big: [String: YAMLNode] = ["big": .uint(UInt64.max)]
        #expect(try evaluate("a: id-((big))", big)["a"] == .string("id-18446744073709551615"))
        #expect(try evaluate("a: ((big))", big)["a"] == .uint(UInt64.max))
        // A float is refused inside a string, as bosh-cli refuses it.
        #expect(throws: (any Error).self) { try evaluate("a: id-((f))", ["f": .float(1.5)]) }
    }

    @Test func goPatchCarriesAndComparesIt() throws {
        let document = try PatchTestSupport.yaml("a: 1\n")
        let replaced = try PatchTestSupport.replace("/a", .uint(UInt64.max), on: document)
        #expect(replaced["a"] == .uint(UInt64.max))
        #expect(try PatchTestSupport.test("/a", value: .uint(UInt64.max), on: replaced) == replaced)
        let asFloat = PatchTestSupport.message {
            try PatchTestSupport.test("/a", value: .float(18446744073709551616), on: replaced)
        }
        #expect(asFloat == "Found value does not match expected value")
        #expect(
            PatchTestSupport.message { try PatchTestSupport.find("/a/0", in: replaced) }
                == "Expected to find an array at path '/a/0' but found 'uint64'")
    }

    @Test func opsFileValuesKeepIt() throws {
        let directory = try TemporaryDirectory("vars-tests")
        let manifest = try directory.write("m.yml", "a: 1\n")
        let ops = try directory.write("ops.yml", "- type: replace\n  path: /a\n  value: 0xFFFFFFFFFFFFFFFF\n")
        let request = InterpolationRequest(manifestPath: manifest, opsFiles: [ops])
        let result = try Interpolator(generator: FakeGenerator()).run(request)
        #expect(result == "a: 18446744073709551615\n")
    }

    @Test func varFlagsAndTheVarsStoreKeepIt() throws {
        let directory = try TemporaryDirectory("vars-tests")
        #expect(try VariableFlags.keyValue("big=18446744073709551615") == ("big", .uint(UInt64.max)))
        let vars = try directory.write("vars.yml", "big: 18446744073709551615\n")
        #expect(try VariableFlags.varsFile(vars) == ["big": .uint(UInt64.max)])

        // A stored uint64 survives the store being rewritten for a generated variable.
        let path = try directory.write("store.yml", "big: 18446744073709551615\n")
        let store = VarsFileStore(path: path, generator: FakeGenerator())
        let result = try TemplateEvaluator.evaluate(
            yaml("b: ((big))\np: ((pw))\nvariables:\n- name: pw\n  type: password\n"), variables: store)
        #expect(result["b"] == .uint(UInt64.max))
        #expect(try FileContents.readText(path) == "big: 18446744073709551615\npw: generated-password-1\n")
        #expect(try VarsFileStore(path: path, generator: FakeGenerator()).load()["big"] == .uint(UInt64.max))
    }
}

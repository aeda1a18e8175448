import GoYAML
import Testing

@testable import Interpolation

/// `YAMLCodec.emit` against Go yaml.v2's `Marshal` (libyaml emitter rules).
@Suite struct YAMLEmitTests {
    private func item(_ node: YAMLNode) -> String {
        YAMLCodec.emit(.array([node]))
    }

    @Test(arguments: [
        ("", "\"\""), ("true", "\"true\""), ("yes", "\"yes\""), ("1", "\"1\""), ("0.8", "\"0.8\""),
        ("~", "\"~\""), ("null", "\"null\""), ("1_000", "\"1_000\""), ("0x10", "\"0x10\""), ("1e3", "\"1e3\""),
        (".inf", "\".inf\""), ("2024-01-02", "\"2024-01-02\""), ("1:20", "\"1:20\""), ("-1", "\"-1\""),
    ])
    func stringsThatWouldChangeTypeAreDoubleQuoted(_ text: String, _ expected: String) {
        #expect(item(.string(text)) == "- \(expected)\n")
    }

    @Test(arguments: [
        ("*", "'*'"), ("x: y", "'x: y'"), ("- a", "'- a'"), ("#x", "'#x'"), ("a #b", "'a #b'"), ("@x", "'@x'"),
        ("[fd7a::1]", "'[fd7a::1]'"), ("::", "'::'"), (" lead", "' lead'"), ("trail ", "'trail '"), ("a:", "'a:'"),
        ("---", "'---'"), ("'q'", "'''q'''"), ("{x", "'{x'"), ("!x", "'!x'"), ("? x", "'? x'"),
    ])
    func stringsThatCannotBePlainAreSingleQuoted(_ text: String, _ expected: String) {
        #expect(item(.string(text)) == "- \(expected)\n")
    }

    @Test(arguments: [
        "a#b", "a:b", "-a", "?x", ":x", "<<", "=", "1.2.3", "10.0.0.0/24", "a'b", "x]", "a,b", "é",
        "https://x:1@h:6868",
    ])
    func plainStrings(_ text: String) {
        #expect(item(.string(text)) == "- \(text)\n")
    }

    @Test func specialCharactersAreEscaped() {
        #expect(item(.string("a\tb")) == "- \"a\\tb\"\n")
        #expect(item(.string("smile 😀")) == "- \"smile \\U0001F600\"\n")
        #expect(item(.string("bell\u{7}")) == "- \"bell\\a\"\n")
    }

    @Test func multiLineStringsAreLiteralBlocks() {
        #expect(
            YAMLCodec.emit(.map(YAMLMap([.init(key: .string("k"), value: .string("this\nhas\nmany\nlines"))])))
                == "k: |-\n  this\n  has\n  many\n  lines\n")
        #expect(item(.string("trail\n")) == "- |\n  trail\n")
        #expect(item(.string("two\n\n")) == "- |+\n  two\n\n")
        #expect(item(.string(" lead\nx")) == "- |2-\n   lead\n  x\n")
        // A space before a break rules out a block: double quotes.
        #expect(item(.string("a \nb")) == "- \"a \\nb\"\n")
    }

    @Test func numbersAndOtherScalars() {
        #expect(item(.float(0.8)) == "- 0.8\n")
        #expect(item(.float(1e6)) == "- 1e+06\n")
        #expect(item(.float(123456789)) == "- 1.23456789e+08\n")
        #expect(item(.float(100000)) == "- 100000\n")
        #expect(item(.float(0.0001)) == "- 0.0001\n")
        #expect(item(.float(0.00001)) == "- 1e-05\n")
        #expect(item(.float(3)) == "- 3\n")
        #expect(item(.float(-.infinity)) == "- -.inf\n")
        #expect(item(.float(.nan)) == "- .nan\n")
        #expect(item(.int(-7)) == "- -7\n")
        #expect(item(.bool(true)) == "- true\n")
        #expect(item(.null) == "- null\n")
    }

    @Test func layout() throws {
        let node = try YAMLCodec.parse(
            """
            b: {list: [1, [2, 3], {x: 1, z: [4]}], empty_map: {}, empty_list: []}
            a: scalar
            """)
        #expect(
            YAMLCodec.emit(node) == """
                a: scalar
                b:
                  empty_list: []
                  empty_map: {}
                  list:
                  - 1
                  - - 2
                    - 3
                  - x: 1
                    z:
                    - 4

                """)
        #expect(YAMLCodec.emit(.map(YAMLMap())) == "{}\n")
        #expect(YAMLCodec.emit(.array([])) == "[]\n")
        #expect(YAMLCodec.emit(.null) == "null\n")
        #expect(YAMLCodec.emit(.string("root")) == "root\n")
    }

    @Test func longPlainStringsFoldAtEightyColumns() throws {
        let words = Array(repeating: "word", count: 30).joined(separator: " ")
        let expected =
            "long: " + Array(repeating: "word", count: 16).joined(separator: " ")
            + "\n  " + Array(repeating: "word", count: 14).joined(separator: " ") + "\n"
        let emitted = YAMLCodec.emit(.map(YAMLMap([.init(key: .string("long"), value: .string(words))])))
        #expect(emitted == expected)
        #expect(try YAMLCodec.parse(emitted)["long"] == .string(words))
        // Keys never fold.
        let key =
            Array(repeating: "k", count: 20).joined(separator: " ") + Array(repeating: " word", count: 15).joined()
        #expect(YAMLCodec.emit(.map(YAMLMap([.init(key: .string(key), value: .int(1))]))) == "\(key): 1\n")
    }

    @Test func complexKeys() {
        let long = String(repeating: "k", count: 129)
        #expect(YAMLCodec.emit(.map(YAMLMap([.init(key: .string(long), value: .int(1))]))) == "? \(long)\n: 1\n")
        #expect(YAMLCodec.emit(.map(YAMLMap([.init(key: .string("a\nb"), value: .int(1))]))) == "? |-\n  a\n  b\n: 1\n")
    }

    @Test func keyOrderFollowsYAMLv2Sorter() {
        // From yaml.v2's encode_test TestSortedOutput.
        let order: [YAMLNode] = [
            .bool(false), .bool(true), .int(1), .float(1.0), .float(1.1), .float(1.2), .int(2), .float(2.0),
            .float(2.1),
            .string(""), .string(".1"), .string(".2"), .string(".a"), .string("1"), .string("2"), .string("a!10"),
            .string("a/0001"), .string("a/002"), .string("a/3"), .string("a/10"), .string("a/11"), .string("a/0012"),
            .string("a/100"), .string("a~10"), .string("ab/1"), .string("b/1"), .string("b/01"), .string("b/2"),
            .string("b/02"), .string("b/3"), .string("b/03"), .string("b1"), .string("b01"), .string("b3"),
            .string("c2.10"), .string("c10.2"), .string("d1"), .string("d7"), .string("d7abc"), .string("d12"),
            .string("d12a"),
        ]
        let shuffled = order.enumerated().sorted { ($0.offset * 7919) % 41 < ($1.offset * 7919) % 41 }.map(\.element)
        let sorted = YAMLKeySorter.sorted(shuffled.map { YAMLMap.Entry(key: $0, value: .null) }).map(\.key)
        #expect(sorted == order)
        #expect(YAMLKeySorter.less(.null, .string("a")))
        #expect(YAMLKeySorter.less(.int(5), .null))
    }
}

import GoYAML
import Testing

@testable import Interpolation

/// `YAMLCodec.parse` against Go yaml.v2's `Unmarshal` into `interface{}`.
@Suite struct YAMLParseTests {
    private func value(_ text: String) throws -> YAMLNode {
        try #require(try YAMLCodec.parse("v: \(text)")["v"])
    }

    @Test(arguments: ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"])
    func yaml11TrueWords(_ word: String) throws {
        #expect(try value(word) == .bool(true))
    }

    @Test(arguments: ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"])
    func yaml11FalseWords(_ word: String) throws {
        #expect(try value(word) == .bool(false))
    }

    @Test(arguments: ["yES", "tRUE", "oN"])
    func mixedCaseWordsStayStrings(_ word: String) throws {
        #expect(try value(word) == .string(word))
    }

    @Test func nulls() throws {
        for text in ["~", "null", "Null", "NULL", ""] {
            #expect(try value(text) == .null, "\(text)")
        }
        #expect(try YAMLCodec.parse("") == .null)
        #expect(try YAMLCodec.parse("# only a comment\n") == .null)
    }

    @Test func integers() throws {
        #expect(try value("42") == .int(42))
        #expect(try value("-17") == .int(-17))
        #expect(try value("+5") == .int(5))
        #expect(try value("0x1F") == .int(31))
        #expect(try value("0o17") == .int(15))
        #expect(try value("017") == .int(15))
        #expect(try value("0b101") == .int(5))
        #expect(try value("-0b11") == .int(-3))
        #expect(try value("1_000") == .int(1000))
        #expect(try value("9223372036854775807") == .int(Int.max))
        // Not octal and not an int, but yaml.v2's float pattern accepts it.
        #expect(try value("08") == .float(8))
    }

    @Test func floats() throws {
        #expect(try value("0.8") == .float(0.8))
        #expect(try value("1e3") == .float(1000))
        #expect(try value(".5") == .float(0.5))
        #expect(try value("1.") == .float(1))
        #expect(try value("-1.5e-3") == .float(-0.0015))
        #expect(try value(".inf") == .float(.infinity))
        #expect(try value("-.Inf") == .float(-.infinity))
        #expect(try value("+.INF") == .float(.infinity))
        guard case .float(let nan) = try value(".NaN") else {
            Issue.record("expected a float")
            return
        }
        #expect(nan.isNaN)
    }

    @Test func stringsThatLookLikeOtherThings() throws {
        #expect(try value("1.2.3") == .string("1.2.3"))
        #expect(try value("2024-01-02") == .string("2024-01-02"))
        #expect(try value("2001-12-14t21:59:43.10-05:00") == .string("2001-12-14t21:59:43.10-05:00"))
        #expect(try value("1:20") == .string("1:20"))
        #expect(try value("0x") == .string("0x"))
        #expect(try value("<<") == .string("<<"))
        #expect(try value("10.0.0.0/24") == .string("10.0.0.0/24"))
    }

    @Test func quotedAndTaggedScalars() throws {
        #expect(try value("\"true\"") == .string("true"))
        #expect(try value("'1'") == .string("1"))
        #expect(try value("!!str 2") == .string("2"))
        #expect(try value("!!float 3") == .float(3))
        #expect(try value("!!int \"7\"") == .int(7))
        #expect(try value("!!binary aGVsbG8=") == .string("hello"))
        #expect(try value("|\n  x\n") == .string("x\n"))
        #expect(throws: YAMLSyntaxError(problem: "cannot decode !!str `abc` as a !!int")) { try value("!!int abc") }
    }

    @Test func anchorsAliasesAndMerges() throws {
        let node = try YAMLCodec.parse(
            """
            base: &base {a: 1, b: 2}
            other: &other {c: 3}
            copy: *base
            merged:
              <<: *base
              b: 20
            many:
              <<: [*base, {a: 9, d: 4}, *other]
            """)
        #expect(node["copy"] == (try YAMLCodec.parse("{a: 1, b: 2}")))
        #expect(node["merged"]?.mapValue?["a"] == .int(1))
        #expect(node["merged"]?.mapValue?["b"] == .int(20))
        // Earlier maps of a merge list win.
        #expect(node["many"]?.mapValue?["a"] == .int(1))
        #expect(node["many"]?.mapValue?["d"] == .int(4))
        #expect(node["many"]?.mapValue?["c"] == .int(3))
    }

    @Test func aliasErrors() throws {
        #expect(throws: YAMLSyntaxError(problem: "unknown anchor 'nope' referenced")) {
            try YAMLCodec.parse("a: *nope")
        }
        #expect(throws: YAMLSyntaxError(problem: "anchor 'x' value contains itself")) {
            try YAMLCodec.parse("a: &x [1, *x]")
        }
        #expect(throws: YAMLSyntaxError(problem: "map merge requires map or sequence of maps as the value")) {
            try YAMLCodec.parse("a: &s 1\nb: {<<: *s}")
        }
    }

    @Test func excessiveAliasingIsRefused() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            let items = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(items)]\n"
        }
        #expect(throws: YAMLSyntaxError(problem: "document contains excessive aliasing")) { try YAMLCodec.parse(text) }
    }

    @Test func duplicateKeysKeepTheLastValue() throws {
        #expect(try YAMLCodec.parse("a: 1\nb: 2\na: 3") == YAMLCodec.parse("a: 3\nb: 2"))
    }

    @Test func keysKeepTheirTypes() throws {
        let map = try #require(try YAMLCodec.parse("1: int\n\"1\": string\ntrue: bool\n~: nil key").mapValue)
        #expect(map[.int(1)] == .string("int"))
        #expect(map[.string("1")] == .string("string"))
        #expect(map[.bool(true)] == .string("bool"))
        #expect(map[.null] == .string("nil key"))
    }

    @Test func onlyTheFirstDocumentCounts() throws {
        #expect(try YAMLCodec.parse("a: 1\n---\nb: 2\n") == YAMLCodec.parse("a: 1"))
        #expect(try YAMLCodec.parse("--- x\n") == .string("x"))
    }

    @Test func syntaxErrorsReadLikeYAMLv2() throws {
        // Scanner errors: 0-based problem line + 1.
        #expect(throws: YAMLSyntaxError(line: 2, problem: "mapping values are not allowed in this context")) {
            try YAMLCodec.parse("a: b\nc: d: e\n")
        }
        // A problem on the first line (0-based line 0) gets no line at all, as in yaml.v2.
        #expect(throws: YAMLSyntaxError(problem: "found character that cannot start any token")) {
            try YAMLCodec.parse("a: @b\n")
        }
        #expect(throws: YAMLSyntaxError(line: 2, problem: "found character that cannot start any token")) {
            try YAMLCodec.parse("a: 1\nb: @c\n")
        }
        #expect(throws: YAMLSyntaxError(line: 3, problem: "found a tab character that violates indentation")) {
            try YAMLCodec.parse("a:\n  b: 1\n\tc: 2\n")
        }
        // Parser errors: yaml.v2 prints the 0-based line of the problem.
        #expect(throws: YAMLSyntaxError(line: 2, problem: "did not find expected key")) {
            try YAMLCodec.parse("a:\n  b: 1\n c: 2\n")
        }
        let error = YAMLSyntaxError(line: 3, problem: "mapping values are not allowed in this context")
        #expect(error.description == "yaml: line 3: mapping values are not allowed in this context")
        #expect(
            YAMLSyntaxError(problem: "unknown anchor 'x' referenced").description
                == "yaml: unknown anchor 'x' referenced")
    }
}

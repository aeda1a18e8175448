import Foundation
import Testing

@testable import DeployerSupport

/// Numbers in `JSONValue` as Go's `encoding/json` reads and writes them for bosh-cli: a
/// uint64 is written as its digits and read back exact, floats are written with Go's layout.
@Suite struct JSONValueNumberTests {
    private func parse(_ text: String) throws -> JSONValue {
        try JSONValue(parsing: Data(text.utf8))
    }

    @Test func integersAboveInt64MaxReadBackUnsigned() throws {
        #expect(try parse("18446744073709551615") == .uint(UInt64.max))
        #expect(try parse("9223372036854775808") == .uint(1 << 63))
        #expect(try parse("[9223372036854775807, 18446744073709551615]") == .array([.int(Int.max), .uint(UInt64.max)]))
        #expect(try parse(#"{"size": 18446744073709551615}"#) == .object(["size": .uint(UInt64.max)]))
        // Beyond uint64 there is only a float.
        #expect(try parse("18446744073709551616") == .double(18446744073709551616))
    }

    @Test func integerPicksTheCase() {
        #expect(JSONValue.integer(7) == .int(7))
        #expect(JSONValue.integer(UInt64(Int.max)) == .int(Int.max))
        #expect(JSONValue.integer(UInt64(Int.max) + 1) == .uint(UInt64(Int.max) + 1))
        #expect(JSONValue.uint(UInt64.max).intValue == nil)
    }

    @Test func unsignedIsWrittenAsDigitsByEveryWriter() throws {
        let value = JSONValue.object(["big": .uint(UInt64.max), "list": [.uint(1 << 63)]])
        let expected = #"{"big":18446744073709551615,"list":[9223372036854775808]}"#
        #expect(value.jsonText == expected)
        #expect(try value.jsonString() == expected)
        // Through Codable (wire structs that hold a JSONValue) and back.
        let encoded = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        #expect(encoded.contains("18446744073709551615"))
        #expect(try JSONValue(parsing: Data(encoded.utf8)) == value)
        #expect(try JSONValue(parsing: Data(value.jsonText.utf8)) == value)
    }

    @Test(arguments: [
        (2.0, "2"), (-0.0, "-0"), (0.5, "0.5"), (1e20, "100000000000000000000"),
        (Double(UInt64.max), "18446744073709552000"), (1e21, "1e+21"), (1.5e300, "1.5e+300"),
        (0.000001, "0.000001"), (1e-7, "1e-7"), (-2.5e-10, "-2.5e-10"), (123456789.125, "123456789.125"),
        (1e15, "1000000000000000"),
    ])
    func floatsAreWrittenAsGoWritesThem(_ value: Double, _ text: String) throws {
        #expect(GoFloatText.json(value) == text)
        #expect(JSONValue.double(value).jsonText == text)
        #expect(try JSONValue.double(value).jsonString() == text)
    }

    @Test func nonFiniteNumbersAreRefusedByJSONStringOnly() {
        let value = JSONValue.object(["a": .array([.double(.nan)])])
        #expect(value.jsonText == #"{"a":[null]}"#)
        #expect(throws: EncodingError.self) { try value.jsonString() }
    }
}

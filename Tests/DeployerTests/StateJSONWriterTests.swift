import DeployerSupport
import Foundation
import GoYAML
import Interpolation
import Testing

@testable import Deployer

@Suite struct StateJSONWriterTests {
    @Test func layoutIsGoMarshalIndent() {
        let document = StateJSONWriter.document([
            "releases": .array([]),
            "director_id": .string("d"),
            "disks": .array([
                .object([
                    "cloud_properties": .object(["zone": .string("z1"), "cid": .int(1), "name": .null]),
                    "size": .int(10), "cid": .string("disk-1"), "id": .string("a"),
                ])
            ]),
            "zz_unknown": .object([:]),
            "deployer": .object(["schema_version": .int(1)]),
            "aa_unknown": .double(1.5),
        ])
        let expected = """
            {
                "director_id": "d",
                "disks": [
                    {
                        "id": "a",
                        "cid": "disk-1",
                        "size": 10,
                        "cloud_properties": {
                            "cid": 1,
                            "name": null,
                            "zone": "z1"
                        }
                    }
                ],
                "releases": [],
                "aa_unknown": 1.5,
                "zz_unknown": {},
                "deployer": {
                    "schema_version": 1
                }
            }
            """
        #expect(document == expected)
    }

    @Test func stringsAreEscapedAsGoDoes() throws {
        let text = "a\"b\\c\nd\te<f>g&h\u{1}\u{2028}é"
        var output = ""
        StateJSONWriter.write(.string(text), level: 0, into: &output)
        #expect(output == #""a\"b\\c\nd\te\u003cf\u003eg\u0026h\u0001\u2028é""#)
        // And it is still JSON that reads back to the same text.
        let parsed = try JSONDecoder().decode(String.self, from: Data(output.utf8))
        #expect(parsed == text)
    }

    @Test func numbersAreWrittenAsGoWritesFloat64() {
        var output = ""
        StateJSONWriter.write(.array([.double(2.0), .double(1.5), .double(1e-7), .int(-3)]), level: 0, into: &output)
        #expect(output == "[\n    2,\n    1.5,\n    1e-7,\n    -3\n]")
    }

    @Test func manifestValuesConvertToWhatARecordReadsBackAs() {
        let yaml: YAMLNode = .map(
            YAMLMap([
                .init(key: .string("type"), value: .string("gp3")),
                .init(key: .string("iops"), value: .float(3000)),
                .init(key: .string("ratio"), value: .float(0.5)),
                .init(key: .int(1), value: .array([.bool(true), .null])),
            ]))
        #expect(
            StateJSONValue(yaml: yaml)
                == .object([
                    "type": .string("gp3"), "iops": .int(3000), "ratio": .double(0.5),
                    "1": .array([.bool(true), .null]),
                ]))
    }
}

import DeployerTestSupport
import Foundation
import GoYAML
import Testing

@testable import Interpolation

/// A byte-order mark at the start of a YAML file, read as yaml.v2 reads it (`readerc.go`
/// `yaml_parser_determine_encoding`): a UTF-8 BOM is skipped, a UTF-16 BOM selects UTF-16
/// little- or big-endian text; without a BOM the bytes are UTF-8 and invalid ones are an error.
@Suite struct YAMLByteOrderMarkTests {
    static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]
    static let document = "name: café\nports: [80, 18446744073709551615]\n"
    static let expected = YAMLNode.map(
        YAMLMap([
            .init(key: .string("name"), value: .string("café")),
            .init(key: .string("ports"), value: .array([.int(80), .uint(UInt64.max)])),
        ]))

    static func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in text.utf16 {
            let high = UInt8(unit >> 8), low = UInt8(unit & 0xFF)
            bytes += bigEndian ? [high, low] : [low, high]
        }
        return bytes
    }

    @Test func utf8BOMIsSkipped() throws {
        #expect(try YAMLCodec.parse(bytes: Self.utf8BOM + Array(Self.document.utf8)) == Self.expected)
        // The same through a String, whose first character is then U+FEFF.
        #expect(try YAMLCodec.parse("\u{FEFF}" + Self.document) == Self.expected)
        // A lone BOM is an empty document.
        #expect(try YAMLCodec.parse(bytes: Self.utf8BOM) == .null)
    }

    @Test(arguments: [false, true])
    func utf16WithBOMIsDecoded(bigEndian: Bool) throws {
        #expect(try YAMLCodec.parse(bytes: Self.utf16(Self.document, bigEndian: bigEndian)) == Self.expected)
    }

    @Test func invalidUTF8IsAnErrorNotReplaced() throws {
        do {
            _ = try YAMLCodec.parse(bytes: Array("a: ".utf8) + [0xFF, 0x0A])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("invalid leading UTF-8 octet"))
        }
    }

    @Test func everyYAMLFileKindReadsThroughItsBOM() throws {
        let directory = try TemporaryDirectory("vars-tests")
        func write(_ name: String, _ bytes: [UInt8]) throws -> String {
            let path = directory.path + "/" + name
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
        let manifest = try write("m.yml", Self.utf8BOM + Array("a: ((from_l))\nb: ((from_store))\nc: 1\n".utf8))
        let ops = try write("ops.yml", Self.utf16("- type: replace\n  path: /c\n  value: 2\n", bigEndian: false))
        let vars = try write("vars.yml", Self.utf8BOM + Array("from_l: L\n".utf8))
        let store = try write("store.yml", Self.utf16("from_store: S\n", bigEndian: true))
        let request = InterpolationRequest(
            manifestPath: manifest, opsFiles: [ops], variables: VariableFlags(varsFiles: [vars], varsStore: store))
        #expect(try Interpolator(generator: FakeGenerator()).run(request) == "a: L\nb: S\nc: 2\n")
    }

    @Test func varFileKeepsItsBytesBOMIncluded() throws {
        // bosh-cli's VarFileArg takes the file as it is: no YAML, so nothing strips the mark.
        let directory = try TemporaryDirectory("vars-tests")
        let path = directory.path + "/ca.pem"
        try Data(Self.utf8BOM + Array("pem\n".utf8)).write(to: URL(fileURLWithPath: path))
        #expect(try VariableFlags.varFile("ca=\(path)", home: nil) == ("ca", .string("\u{FEFF}pem\n")))
    }
}

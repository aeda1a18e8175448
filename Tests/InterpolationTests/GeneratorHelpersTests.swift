import Foundation
import GoYAML
import Testing

@testable import Interpolation

/// The small pieces the generators share: Go's IP parsing, PEM reading and writing.
@Suite struct GeneratorHelpersTests {
    @Test(
        arguments: [
            ("10.0.0.6", [10, 0, 0, 6]),
            ("::ffff:10.0.0.6", [10, 0, 0, 6]),
            ("fd00::1", [0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
        ] as [(String, [UInt8])])
    func addressesParseAsGoWritesThem(text: String, bytes: [UInt8]) {
        #expect(IPAddressParser.parse(text) == bytes)
    }

    @Test(arguments: [
        "api.bosh-dns", "010.0.0.1", "1.2.3", "1.2.3.256", "fe80::1%eth0", "[::1]", "", "10.0.0.6 ", "10.0.0.6\u{0}x",
    ])
    func otherTextIsADNSName(text: String) {
        #expect(IPAddressParser.parse(text) == nil)
    }

    @Test func pemEncodingWrapsAt64ColumnsWithAFinalNewline() {
        let pem = PEM.encode(type: "TEST", der: [UInt8](repeating: 0xAB, count: 60))
        let lines = pem.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "-----BEGIN TEST-----")
        #expect(lines[1].count == 64)
        #expect(lines[2].count == 16)
        #expect(lines[3] == "-----END TEST-----")
        #expect(lines.last == "")
        #expect(PEM.firstBlock(in: pem) == [UInt8](repeating: 0xAB, count: 60))
    }

    @Test func pemDecodingSkipsPreambleHeadersAndCarriageReturns() {
        let text =
            "junk before\r\n-----BEGIN X-----\r\nProc-Type: 4,ENCRYPTED\r\n\r\nAQID\r\nBA==\r\n-----END X-----\r\n"
        #expect(PEM.firstBlock(in: text) == [1, 2, 3, 4])
        #expect(PEM.firstBlock(in: "-----BEGIN X-----\nAQID\n") == nil)
        #expect(PEM.firstBlock(in: "-----BEGIN X-----\n!!!\n-----END X-----\n") == nil)
        #expect(
            PEM.firstBlock(in: "-----BEGIN X-----\n!!!\n-----END X-----\n-----BEGIN Y-----\nAQ==\n-----END Y-----\n")
                == [1])
    }

    @Test func caStoredWithCRLFLineEndingsStillSigns() throws {
        let root = try GeneratorFixture.rootCA.get().value
        func crlf(_ key: String) throws -> YAMLNode {
            .string(try #require(root[key]?.stringValue).replacingOccurrences(of: "\n", with: "\r\n"))
        }
        let value = YAMLNode.map(
            YAMLMap([
                .init(key: .string("certificate"), value: try crlf("certificate")),
                .init(key: .string("private_key"), value: try crlf("private_key")),
            ]))
        let leaf = try BoshVariableGenerator().generate(
            type: "certificate",
            options: .map(
                YAMLMap([
                    .init(key: .string("ca"), value: .string("windows_ca")),
                    .init(key: .string("key_length"), value: .int(2048)),
                ])),
            lookup: { _ in value })
        // The returned `ca` is re-encoded from the DER, as Go does with `rootCA.Raw`.
        #expect(leaf["ca"] == root["certificate"])
    }
}

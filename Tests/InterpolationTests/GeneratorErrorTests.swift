import Foundation
import GoYAML
import Testing

@testable import Interpolation

/// Every failure text, compared with what bosh-cli prints (after its `Generating variable
/// '<name>': ` prefix, which the vars store adds).
@Suite(.serialized) struct GeneratorErrorTests {
    typealias Fixture = GeneratorFixture

    func failure(
        _ type: String, _ options: YAMLNode?, lookup: (String) throws -> YAMLNode? = Fixture.lookupRoot
    ) throws -> String {
        let error = try #require(throws: VariableGenerationError.self) {
            try BoshVariableGenerator().generate(type: type, options: options, lookup: lookup)
        }
        return "\(error)"
    }

    func options(_ entries: [(String, YAMLNode)]) -> YAMLNode {
        .map(YAMLMap(entries.map { YAMLMap.Entry(key: .string($0.0), value: $0.1) }))
    }

    @Test(arguments: ["user", "json", "value", ""]) func unsupportedTypes(type: String) throws {
        #expect(try failure(type, nil) == "Unsupported value type: \(type)")
    }

    @Test func unknownOptionsAreRejected() throws {
        #expect(
            try failure("password", options([("foo", .int(1))]))
                == "Failed to generate password, parameters are invalid: Unsupported parameter 'foo'")
        #expect(
            try failure("certificate", options([("common_name", .string("x")), ("key_usage", .array([]))]))
                == "Failed to generate certificate, parameters are invalid: Unsupported parameter 'key_usage'")
        #expect(
            try failure("certificate", options([("organizations", .array([.string("a")]))]))
                == "Failed to generate certificate, parameters are invalid: Unsupported parameter 'organizations'")
        // A non-string key is compared as the string yaml.v2 decodes it to.
        #expect(
            try failure("password", .map(YAMLMap([.init(key: .int(1), value: .int(2))])))
                == "Failed to generate password, parameters are invalid: Unsupported parameter '1'")
    }

    @Test func wrongOptionTypesGiveYAMLv2Errors() throws {
        let prefix =
            "Failed to generate password, parameters are invalid: Expected input to be deserializable: yaml: unmarshal errors:\n  "
        #expect(
            try failure("password", options([("length", .string("abc"))]))
                == prefix + "line 1: cannot unmarshal !!str `abc` into int")
        #expect(
            try failure("password", options([("length", .bool(true))]))
                == prefix + "line 1: cannot unmarshal !!bool `true` into int")
        #expect(
            try failure("password", .string("abc"))
                == prefix + "line 1: cannot unmarshal !!str `abc` into map[string]interface {}")
        #expect(
            try failure("password", .array([.int(1)]))
                == prefix + "line 1: cannot unmarshal !!seq into map[string]interface {}")
        #expect(
            try failure("password", options([("length", .string("a very long value"))]))
                == prefix + "line 1: cannot unmarshal !!str `a very ...` into int")
    }

    @Test func certificateTypeErrorsNameTheLinesOfTheRemarshalledOptions() throws {
        // yaml.v2 writes the keys sorted:
        //   1 alternative_names:   2 - a   3 - x: y   4 common_name:   5 - x
        //   6 duration: long       7 is_ca: "true"
        let text = try failure(
            "certificate",
            options([
                ("is_ca", .string("true")),
                ("common_name", .array([.string("x")])),
                ("duration", .string("long")),
                (
                    "alternative_names",
                    .array([.string("a"), .map(YAMLMap([.init(key: .string("x"), value: .string("y"))]))])
                ),
            ]))
        #expect(
            text == """
                Failed to generate certificate, parameters are invalid: Expected input to be deserializable: \
                yaml: unmarshal errors:
                  line 3: cannot unmarshal !!map into string
                  line 5: cannot unmarshal !!seq into string
                  line 6: cannot unmarshal !!str `long` into int64
                  line 7: cannot unmarshal !!str `true` into bool
                """)
    }

    @Test func negativeLengthAndBadKeyLength() throws {
        #expect(
            try failure("password", options([("length", .int(-5))]))
                == "Failed to generate password, 'length' param cannot be negative")
        #expect(
            try failure("certificate", options([("is_ca", .bool(true)), ("key_length", .int(1024))]))
                == "Invalid key_length: 1024.  Must be one of: [2048 3072 4096]")
        #expect(
            try failure("certificate", options([("is_ca", .bool(true)), ("key_length", .int(-1))]))
                == "Invalid key_length: -1.  Must be one of: [2048 3072 4096]")
    }

    @Test func leafWithoutCANameIsRejected() throws {
        #expect(try failure("certificate", options([("common_name", .string("x"))])) == "Missing required CA name")
        #expect(try failure("certificate", nil) == "Missing required CA name")
        #expect(try failure("certificate", options([("ca", .string(""))])) == "Missing required CA name")
    }

    @Test func caThatIsNotFound() throws {
        #expect(
            try failure("certificate", options([("ca", .string("nope")), ("common_name", .string("x"))]))
                == "Loading certificates: Expected to find variable 'nope' with a certificate")
        #expect(
            try failure("certificate", options([("is_ca", .bool(true)), ("ca", .string("nope"))]))
                == "Loading certificates: Expected to find variable 'nope' with a certificate")
    }

    struct LookupFailure: Error, CustomStringConvertible {
        var description: String { "Expected to find variables: other" }
    }

    @Test func lookupErrorsAreWrapped() throws {
        #expect(
            try failure("certificate", options([("ca", .string("x"))]), lookup: { _ in throw LookupFailure() })
                == "Loading certificates: Expected to find variables: other")
    }

    @Test func caValuesOfTheWrongShape() throws {
        let ca = try Fixture.rootCA.get().value
        func loading(_ value: YAMLNode) throws -> String {
            try failure("certificate", options([("ca", .string("bad"))]), lookup: { _ in value })
        }
        // The value of a secret is never echoed.
        #expect(
            try loading(.string("s3cretpassword"))
                == "Loading certificates: Expected variable 'bad' to be deserializable: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str into opts.CertVal"
        )
        #expect(
            try loading(.map(YAMLMap()))
                == "Loading certificates: Certificate did not contain PEM formatted block")
        #expect(
            try loading(.map(YAMLMap([.init(key: .string("certificate"), value: .string("junk"))])))
                == "Loading certificates: Certificate did not contain PEM formatted block")
        #expect(
            try loading(
                .map(
                    YAMLMap([
                        .init(
                            key: .string("certificate"),
                            value: .string("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
                    ]))) == "Loading certificates: Parsing certificate: x509: malformed certificate")
        #expect(
            try loading(.map(YAMLMap([.init(key: .string("certificate"), value: ca["certificate"] ?? .null)])))
                == "Loading certificates: Private key did not contain PEM formatted block")
        #expect(
            try loading(
                .map(
                    YAMLMap([
                        .init(key: .string("certificate"), value: .string("a\nb\n")),
                        .init(key: .string("private_key"), value: .array([])),
                    ])))
                == "Loading certificates: Expected variable 'bad' to be deserializable: yaml: unmarshal errors:\n  line 4: cannot unmarshal !!seq into string"
        )
        // (`certificate: |`, `a`, `b`, then `private_key: []` on line 4.)
    }

    @Test func caPrivateKeyMustBePKCS1() throws {
        let root = try Fixture.rootCA.get()
        let pkcs8 = try Fixture.openssl(["pkcs8", "-topk8", "-nocrypt", "-in", root.privateKey.path])
        #expect(pkcs8.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let value = YAMLNode.map(
            YAMLMap([
                .init(key: .string("certificate"), value: root.value["certificate"] ?? .null),
                .init(key: .string("private_key"), value: .string(pkcs8)),
            ]))
        #expect(
            try failure("certificate", options([("ca", .string("pkcs8"))]), lookup: { _ in value })
                == "Loading certificates: Parsing private key: x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)"
        )
    }

    @Test func unsupportedExtendedKeyUsage() throws {
        #expect(
            try failure(
                "certificate",
                options([
                    ("ca", .string("root_ca")),
                    ("extended_key_usage", .array([.string("client_auth"), .string("code_signing")])),
                ])) == "Unsupported extended key usage value: code_signing")
    }

    @Test func caKeyThatDoesNotMatchItsCertificate() throws {
        let root = try Fixture.rootCA.get()
        let other = try GeneratorCertificateTests.serverLeaf.get()
        let value = YAMLNode.map(
            YAMLMap([
                .init(key: .string("certificate"), value: root.value["certificate"] ?? .null),
                .init(key: .string("private_key"), value: other.value["private_key"] ?? .null),
            ]))
        #expect(
            try failure(
                "certificate", options([("ca", .string("mixed")), ("key_length", .int(2048))]), lookup: { _ in value })
                == "Generating certificate: x509: provided PrivateKey doesn't match parent's PublicKey")
    }

    @Test func durationPastYear9999IsRejected() throws {
        #expect(
            try failure("certificate", options([("is_ca", .bool(true)), ("duration", .int(4_000_000))]))
                == "Generating certificate: 'duration' of 4000000 days ends after the year 9999")
        #expect(
            try failure("certificate", options([("is_ca", .bool(true)), ("duration", .int(Int.max))]))
                .hasSuffix("ends after the year 9999"))
    }
}

/// yaml.v2's layout, number formatting and key order, used to place type errors.
@Suite struct GeneratorOptionsLayoutTests {
    @Test(arguments: [
        (1.0, "1"), (1.5, "1.5"), (1e6, "1e+06"), (123456.0, "123456"), (1234567.0, "1.234567e+06"),
        (0.0001, "0.0001"), (0.00001, "1e-05"), (-2.5, "-2.5"), (1e21, "1e+21"), (1.25e-7, "1.25e-07"),
        (Double.infinity, ".inf"), (-Double.infinity, "-.inf"), (0.1, "0.1"), (100.0, "100"),
    ])
    func goFloatText(value: Double, text: String) {
        #expect(YAMLv2Layout.goFloatText(value) == text)
    }

    @Test func integralFloatsComeBackAsInts() {
        #expect(YAMLv2Layout.scalar(.float(3.0))?.tag == "!!int")
        #expect(YAMLv2Layout.scalar(.float(3.5))?.tag == "!!float")
        #expect(
            YAMLv2Layout.typeError(.float(2.0), line: 4, into: "bool") == "line 4: cannot unmarshal !!int `2` into bool"
        )
    }

    @Test func keyOrderIsYAMLv2s() {
        #expect(YAMLv2Layout.keyLess(.string("a2"), .string("a10")))
        #expect(YAMLv2Layout.keyLess(.string("_a"), .string("a")))
        #expect(!YAMLv2Layout.keyLess(.string("b"), .string("a")))
        #expect(YAMLv2Layout.keyLess(.string("is_ca"), .string("key_length")))
        #expect(YAMLv2Layout.keyLess(.int(2), .string("a")))
        #expect(YAMLv2Layout.keyLess(.int(1), .float(1.5)))
    }

    @Test func linesOfNestedValuesAndLiteralBlocks() {
        let map = YAMLMap([
            .init(key: .string("b"), value: .string("x\ny\n")),
            .init(
                key: .string("a"), value: .map(YAMLMap([.init(key: .string("k"), value: .array([.int(1), .int(2)]))]))),
            .init(key: .string("c"), value: .array([])),
            .init(key: .string("d"), value: .int(1)),
        ])
        // a:  / k: / - 1 / - 2 / b: | / x / y / c: [] / d: 1
        let placed = YAMLv2Layout.entries(of: map, firstLine: 1)
        #expect(placed.map { YAMLv2Layout.keyText($0.key) } == ["a", "b", "c", "d"])
        #expect(placed.map(\.valueLine) == [2, 5, 8, 9])
    }

    @Test func nullElementsOfStringListsBecomeEmptyStrings() throws {
        let decoded = try ConfigServerOptions.decode(
            .map(YAMLMap([.init(key: .string("names"), value: .array([.string("a"), .null, .int(3)]))])),
            fields: ["names": .stringList], supported: ["names"])
        #expect(decoded.stringList("names") == ["a", "", "3"])
    }
}

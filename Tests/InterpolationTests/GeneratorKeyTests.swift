import Crypto
import DeployerTestSupport
import Foundation
import GoYAML
import Testing

@testable import Interpolation

/// `rsa` and `ssh` values checked with openssl and ssh-keygen, and `password` shapes.
@Suite(.serialized) struct GeneratorKeyTests {
    typealias Fixture = GeneratorFixture

    @Test func rsaValueIsPKCS1PrivateAndPKIXPublicOf2048Bits() throws {
        let value = try BoshVariableGenerator().generate(
            type: "rsa", options: .map(YAMLMap([.init(key: .string("anything"), value: .int(1))])), lookup: { _ in nil }
        )
        #expect(value.mapValue?.keys == [.string("private_key"), .string("public_key")])
        let privatePEM = try #require(value["private_key"]?.stringValue)
        let publicPEM = try #require(value["public_key"]?.stringValue)
        #expect(privatePEM.hasPrefix("-----BEGIN RSA PRIVATE KEY-----\n"))
        #expect(publicPEM.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        #expect(publicPEM.hasSuffix("-----END PUBLIC KEY-----\n"))
        // Go's PEM lines are 64 columns.
        #expect(privatePEM.split(separator: "\n").dropFirst().dropLast().dropLast().allSatisfy { $0.count == 64 })

        let scratch = try TemporaryDirectory("generator-tests")
        let directory = scratch.url
        let privateURL = directory.appendingPathComponent("key.pem")
        let publicURL = directory.appendingPathComponent("pub.pem")
        try Fixture.write(privatePEM, to: privateURL)
        try Fixture.write(publicPEM, to: publicURL)
        let privateModulus = try Fixture.modulus(["rsa", "-in", privateURL.path, "-noout", "-modulus"])
        let publicModulus = try Fixture.modulus(["rsa", "-pubin", "-in", publicURL.path, "-noout", "-modulus"])
        #expect(privateModulus == publicModulus)
        #expect(privateModulus.count == 256)
        let derived = try Fixture.openssl(["rsa", "-in", privateURL.path, "-pubout"])
        #expect(derived == publicPEM)
    }

    @Test func sshValueHasAuthorizedKeyAndMD5Fingerprint() throws {
        let value = try BoshVariableGenerator().generate(type: "ssh", options: nil, lookup: { _ in nil })
        #expect(
            value.mapValue?.keys == [.string("private_key"), .string("public_key"), .string("public_key_fingerprint")])
        let privatePEM = try #require(value["private_key"]?.stringValue)
        let publicKey = try #require(value["public_key"]?.stringValue)
        let fingerprint = try #require(value["public_key_fingerprint"]?.stringValue)
        #expect(privatePEM.hasPrefix("-----BEGIN RSA PRIVATE KEY-----\n"))
        #expect(publicKey.hasPrefix("ssh-rsa "))
        #expect(publicKey.hasSuffix("\n"))
        #expect(publicKey.split(separator: " ").count == 2)
        #expect(fingerprint.wholeMatch(of: /[0-9a-f]{2}(:[0-9a-f]{2}){15}/) != nil)

        // Independent MD5 over the base64-decoded blob.
        let blob = try #require(Data(base64Encoded: String(publicKey.dropFirst(8).dropLast())))
        let md5 = Insecure.MD5.hash(data: blob).map { String(format: "%02x", $0) }.joined(separator: ":")
        #expect(md5 == fingerprint)

        let scratch = try TemporaryDirectory("generator-tests")
        let directory = scratch.url
        let privateURL = directory.appendingPathComponent("id_rsa")
        let publicURL = directory.appendingPathComponent("id_rsa.pub")
        try Fixture.write(privatePEM, to: privateURL)
        try Fixture.write(publicKey, to: publicURL)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: privateURL.path)
        let listed = try Fixture.run("ssh-keygen", ["-l", "-E", "md5", "-f", publicURL.path])
        #expect(listed.status == 0, "\(listed.errorOutput)")
        #expect(listed.output.hasPrefix("2048 MD5:\(fingerprint) "))
        #expect(listed.output.contains("(RSA)"))
        let derived = try Fixture.run("ssh-keygen", ["-y", "-f", privateURL.path])
        #expect(derived.status == 0, "\(derived.errorOutput)")
        #expect(
            derived.output.trimmingCharacters(in: .whitespacesAndNewlines)
                == publicKey.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func sshWireFormatPadsHighBitIntegers() {
        let blob = SSHKeyGenerator.wireFormat(modulus: [0x80, 0x01], exponent: [0x01, 0x00, 0x01])
        #expect(blob == [0, 0, 0, 7] + Array("ssh-rsa".utf8) + [0, 0, 0, 3, 1, 0, 1] + [0, 0, 0, 3, 0, 0x80, 0x01])
        #expect(SSHKeyGenerator.md5Fingerprint([]) == "d4:1d:8c:d9:8f:00:b2:04:e9:80:09:98:ec:f8:42:7e")
    }
}

@Suite struct GeneratorPasswordTests {
    func password(_ options: YAMLNode?) throws -> String {
        let value = try BoshVariableGenerator().generate(type: "password", options: options, lookup: { _ in nil })
        return try #require(value.stringValue)
    }

    func options(_ entries: [(String, YAMLNode)]) -> YAMLNode {
        .map(YAMLMap(entries.map { YAMLMap.Entry(key: .string($0.0), value: $0.1) }))
    }

    @Test func defaultIsTwentyCharactersOfLowercaseAndDigits() throws {
        for options in [
            nil, YAMLNode.null, .map(YAMLMap()), options([("length", .int(0))]), options([("length", .null)]),
        ] {
            let value = try password(options)
            #expect(value.wholeMatch(of: /[a-z0-9]{20}/) != nil)
        }
    }

    @Test func lengthIsHonouredAndValuesDiffer() throws {
        let first = try password(options([("length", .int(64))]))
        let second = try password(options([("length", .int(64))]))
        #expect(first.count == 64)
        #expect(first.wholeMatch(of: /[a-z0-9]+/) != nil)
        #expect(first != second)
        // yaml.v2 truncates a float into the int field.
        #expect(try password(options([("length", .float(30.9))])).count == 30)
    }

    @Test func everyCharacterOfTheAlphabetAppears() throws {
        let text = try password(options([("length", .int(4000))]))
        #expect(Set(text) == Set("abcdefghijklmnopqrstuvwxyz0123456789"))
    }

    @Test func negativeLengthIsRejected() {
        #expect(throws: VariableGenerationError.self) { try password(options([("length", .int(-1))])) }
        do {
            _ = try password(options([("length", .int(-1))]))
        } catch {
            #expect("\(error)" == "Failed to generate password, 'length' param cannot be negative")
        }
    }

    @Test func hugeLengthFailsInsteadOfExhaustingMemory() throws {
        let error = try #require(throws: VariableGenerationError.self) {
            try password(options([("length", .int(1 << 40))]))
        }
        #expect("\(error)".hasPrefix("Failed to generate password, 'length' param"))
    }
}

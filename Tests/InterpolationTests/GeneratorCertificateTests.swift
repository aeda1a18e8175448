import Crypto
import Foundation
import GoYAML
import Testing

@testable import Interpolation

/// Certificates checked with the openssl command-line tool, fact by fact as the corpus
/// checks of cases 082–087 state them for the real bosh-cli.
@Suite(.serialized) struct GeneratorCertificateTests {
    typealias Fixture = GeneratorFixture

    /// One leaf with IP, IPv6 and DNS SANs and the default EKU, shared by the tests below.
    static let serverLeaf: Result<GeneratorFixture.CertificateFiles, any Error> = Result {
        try GeneratorFixture.certificate([
            "ca": .string("root_ca"), "common_name": .string("10.0.0.6"), "key_length": .int(2048),
            "alternative_names": .array([
                .string("10.0.0.6"), .string("director.bosh-internal"), .string("fd00::1"), .string("203.0.113.10"),
            ]),
        ])
    }

    @Test func leafIsSignedByTheCAAndVerifies() throws {
        let ca = try Fixture.rootCA.get()
        let leaf = try Self.serverLeaf.get()
        #expect(leaf.value["ca"] == ca.value["certificate"])
        let verify = try Fixture.openssl(["verify", "-CAfile", ca.certificate.path, leaf.certificate.path])
        #expect(verify.contains(": OK"))
        let issuer = try Fixture.openssl([
            "x509", "-in", leaf.certificate.path, "-noout", "-issuer", "-nameopt", "RFC2253",
        ])
        #expect(issuer.contains("issuer=CN=generator-test-ca,O=Cloud Foundry,C=US"))
    }

    @Test func leafHasSubjectSANsUsagesAndValidity() throws {
        let leaf = try Self.serverLeaf.get()
        let subject = try Fixture.openssl([
            "x509", "-in", leaf.certificate.path, "-noout", "-subject", "-nameopt", "RFC2253",
        ])
        #expect(subject.trimmingCharacters(in: .whitespacesAndNewlines) == "subject=CN=10.0.0.6,O=Cloud Foundry,C=US")
        // Go writes DNS names first, then IPs, each in the order given.
        #expect(
            try Fixture.x509Extension("subjectAltName", of: leaf.certificate)
                == "DNS:director.bosh-internal, IP Address:10.0.0.6, IP Address:FD00:0:0:0:0:0:0:1, IP Address:203.0.113.10"
        )
        #expect(try Fixture.x509Extension("extendedKeyUsage", of: leaf.certificate) == "TLS Web Server Authentication")
        let keyUsage = try Fixture.openssl(["x509", "-in", leaf.certificate.path, "-noout", "-ext", "keyUsage"])
        #expect(keyUsage.contains("critical"))
        #expect(keyUsage.contains("Digital Signature, Key Encipherment"))
        let constraints = try Fixture.openssl([
            "x509", "-in", leaf.certificate.path, "-noout", "-ext", "basicConstraints",
        ])
        #expect(constraints.contains("critical"))
        #expect(constraints.contains("CA:FALSE"))
        #expect(try Fixture.validitySeconds(of: leaf.certificate) == 365 * 86_400)
        let text = try Fixture.openssl(["x509", "-in", leaf.certificate.path, "-noout", "-text"])
        #expect(text.contains("Signature Algorithm: sha256WithRSAEncryption"))
        #expect(text.contains("Public-Key: (2048 bit)"))
        #expect(text.contains("Version: 3 (0x2)"))
    }

    @Test func privateKeyIsPKCS1AndMatchesTheCertificate() throws {
        let leaf = try Self.serverLeaf.get()
        let pem = try #require(leaf.value["private_key"]?.stringValue)
        #expect(pem.hasPrefix("-----BEGIN RSA PRIVATE KEY-----\n"))
        #expect(pem.hasSuffix("-----END RSA PRIVATE KEY-----\n"))
        let keyModulus = try Fixture.modulus(["rsa", "-in", leaf.privateKey.path, "-noout", "-modulus"])
        let certificateModulus = try Fixture.modulus(["x509", "-in", leaf.certificate.path, "-noout", "-modulus"])
        #expect(keyModulus == certificateModulus)
        #expect(try Fixture.openssl(["rsa", "-in", leaf.privateKey.path, "-noout", "-check"]).contains("RSA key ok"))
    }

    @Test func subjectKeyIDIsSHA1OfTheModulusAndAuthorityKeyIDIsTheCAs() throws {
        let ca = try Fixture.rootCA.get()
        let leaf = try Self.serverLeaf.get()
        for certificate in [ca.certificate, leaf.certificate] {
            let modulus = try Fixture.modulus(["x509", "-in", certificate.path, "-noout", "-modulus"])
            let expected = Array(Insecure.SHA1.hash(data: modulus))
            let ski = try Fixture.hexBytes(try Fixture.x509Extension("subjectKeyIdentifier", of: certificate))
            #expect(ski == expected)
        }
        let caSKI = try Fixture.x509Extension("subjectKeyIdentifier", of: ca.certificate)
        #expect(try Fixture.x509Extension("authorityKeyIdentifier", of: leaf.certificate).contains(caSKI))
        // Self-signed: the CA's AKI is its own SKI.
        #expect(try Fixture.x509Extension("authorityKeyIdentifier", of: ca.certificate).contains(caSKI))
    }

    @Test func rootCAHasCAUsagesAndNoSANsOrEKU() throws {
        let ca = try Fixture.rootCA.get()
        let constraints = try Fixture.openssl([
            "x509", "-in", ca.certificate.path, "-noout", "-ext", "basicConstraints",
        ])
        #expect(constraints.contains("critical"))
        #expect(constraints.contains("CA:TRUE"))
        #expect(!constraints.contains("pathlen"))
        #expect(try Fixture.x509Extension("keyUsage", of: ca.certificate) == "Certificate Sign, CRL Sign")
        #expect(try Fixture.x509Extension("subjectAltName", of: ca.certificate) == "")
        #expect(try Fixture.x509Extension("extendedKeyUsage", of: ca.certificate) == "")
        #expect(try Fixture.validitySeconds(of: ca.certificate) == 365 * 86_400)
    }

    @Test func clientAuthLeafWithoutCommonNameOrSANs() throws {
        let ca = try Fixture.rootCA.get()
        let leaf = try Fixture.certificate([
            "ca": .string("root_ca"), "key_length": .int(2048), "organization": .string("Acme & Sons"),
            "extended_key_usage": .array([.string("client_auth"), .string("server_auth")]),
            "duration": .int(3650),
        ])
        #expect(
            try Fixture.openssl(["verify", "-CAfile", ca.certificate.path, leaf.certificate.path]).contains(": OK"))
        let subject = try Fixture.openssl([
            "x509", "-in", leaf.certificate.path, "-noout", "-subject", "-nameopt", "RFC2253",
        ])
        #expect(subject.trimmingCharacters(in: .whitespacesAndNewlines) == "subject=O=Acme & Sons,C=US")
        #expect(
            try Fixture.x509Extension("extendedKeyUsage", of: leaf.certificate)
                == "TLS Web Client Authentication, TLS Web Server Authentication")
        #expect(try Fixture.x509Extension("subjectAltName", of: leaf.certificate) == "")
        #expect(try Fixture.validitySeconds(of: leaf.certificate) == 3650 * 86_400)
    }

    @Test func intermediateCAChainsToTheRoot() throws {
        let root = try Fixture.rootCA.get()
        let intermediate = try Fixture.certificate([
            "is_ca": .bool(true), "ca": .string("root_ca"), "common_name": .string("intermediate"),
            "key_length": .int(2048), "alternative_names": .array([.string("ignored.example")]),
        ])
        #expect(intermediate.value["ca"] == root.value["certificate"])
        #expect(try Fixture.x509Extension("keyUsage", of: intermediate.certificate) == "Certificate Sign, CRL Sign")
        #expect(try Fixture.x509Extension("subjectAltName", of: intermediate.certificate) == "")
        let leaf = try Fixture.certificate(
            [
                "ca": .string("intermediate"), "common_name": .string("leaf.example"), "key_length": .int(2048),
                "alternative_names": .array([.string("leaf.example")]),
            ],
            lookup: { name in name == "intermediate" ? intermediate.value : try Fixture.lookupRoot(name) })
        // The leaf's `ca` is its signer, not the root of the chain.
        #expect(leaf.value["ca"] == intermediate.value["certificate"])
        let verify = try Fixture.openssl([
            "verify", "-CAfile", root.certificate.path, "-untrusted", intermediate.certificate.path,
            leaf.certificate.path,
        ])
        #expect(verify.contains(": OK"))
        #expect(try Fixture.x509Extension("subjectAltName", of: leaf.certificate) == "DNS:leaf.example")
        let intermediateSKI = try Fixture.x509Extension("subjectKeyIdentifier", of: intermediate.certificate)
        #expect(try Fixture.x509Extension("authorityKeyIdentifier", of: leaf.certificate).contains(intermediateSKI))
    }

    @Test(arguments: [3072, 4096]) func keyLengthSetsTheModulusSize(bits: Int) throws {
        let leaf = try Fixture.certificate([
            "ca": .string("root_ca"), "common_name": .string("sized"), "key_length": .int(bits),
        ])
        let text = try Fixture.openssl(["x509", "-in", leaf.certificate.path, "-noout", "-text"])
        #expect(text.contains("Public-Key: (\(bits) bit)"))
        let keyModulus = try Fixture.modulus(["rsa", "-in", leaf.privateKey.path, "-noout", "-modulus"])
        #expect(keyModulus.count * 8 == bits)
    }

    @Test func defaultKeyLengthIs3072() throws {
        let leaf = try Fixture.certificate(["ca": .string("root_ca"), "common_name": .string("default")])
        let text = try Fixture.openssl(["x509", "-in", leaf.certificate.path, "-noout", "-text"])
        #expect(text.contains("Public-Key: (3072 bit)"))
    }

    @Test func serialNumbersDifferAndAreAtMost128Bits() throws {
        let ca = try Fixture.rootCA.get()
        let leaf = try Self.serverLeaf.get()
        var serials: [String] = []
        for certificate in [ca.certificate, leaf.certificate] {
            let text = try Fixture.openssl(["x509", "-in", certificate.path, "-noout", "-serial"])
            let hex = String(
                try #require(text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "=").last))
            let bytes = try Fixture.hexBytes(hex).drop(while: { $0 == 0 })
            #expect(bytes.count <= 16)
            serials.append(hex)
        }
        #expect(serials[0] != serials[1])
    }
}

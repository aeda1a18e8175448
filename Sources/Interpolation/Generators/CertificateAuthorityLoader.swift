import GoYAML
import SwiftASN1
import X509
import _CryptoExtras

/// A CA that can sign: its certificate (with the exact DER it was stored as) and RSA key.
struct LoadedCertificateAuthority: Sendable {
    var certificate: Certificate
    var der: [UInt8]
    var privateKey: _RSA.Signing.PrivateKey

    /// The CA's SubjectKeyIdentifier, when it has one.
    var subjectKeyIdentifier: [UInt8]? {
        guard let ski = try? certificate.extensions.subjectKeyIdentifier else { return nil }
        return Array(ski.keyIdentifier)
    }
}

/// bosh-cli's `VarsCertLoader`: reads the variable named by a certificate's `ca` option.
enum CertificateAuthorityLoader {
    /// - Throws: `CALoadingProblem` with bosh-cli's texts.
    static func load(
        name: String, lookup: (String) throws -> YAMLNode?
    ) throws(CALoadingProblem) -> LoadedCertificateAuthority {
        let value: YAMLNode?
        do {
            value = try lookup(name)
        } catch {
            throw .lookupFailed(name: name, underlying: error)
        }
        guard let value else { throw .notFound(name: name) }
        // bosh-cli round-trips the value through YAML into {Certificate, PrivateKey}. Values
        // are left out of type errors here: this variable holds a private key.
        let (fields, errors) = ConfigServerOptions.decodeStruct(
            document: value, fields: ["certificate": .string, "private_key": .string],
            goTypeName: "opts.CertVal", showValues: false)
        if !errors.isEmpty { throw .notDeserializable(name: name, errors: errors) }

        guard let certificateDER = PEM.firstBlock(in: fields.string("certificate")) else {
            throw .certificateNotPEM
        }
        guard let certificate = try? Certificate(derEncoded: certificateDER) else {
            throw .certificateUnparsable
        }
        guard let keyDER = PEM.firstBlock(in: fields.string("private_key")) else {
            throw .privateKeyNotPEM
        }
        let privateKey = try parsePKCS1(keyDER)
        return LoadedCertificateAuthority(certificate: certificate, der: certificateDER, privateKey: privateKey)
    }

    /// Go's `x509.ParsePKCS1PrivateKey`, including its hints for PKCS#8 and EC keys.
    private static func parsePKCS1(_ der: [UInt8]) throws(CALoadingProblem) -> _RSA.Signing.PrivateKey {
        guard let root = try? DER.parse(der), case .constructed(let children) = root.content else {
            throw .privateKeyUnparsable(detail: "asn1: structure error: not a PKCS#1 RSA private key")
        }
        let elements = Array(children)
        guard elements.count >= 2, elements[0].identifier == .integer else {
            throw .privateKeyUnparsable(detail: "asn1: structure error: not a PKCS#1 RSA private key")
        }
        switch elements[1].identifier {
        case .integer:
            break
        case .sequence:
            throw .privateKeyUnparsable(
                detail: "x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)")
        case .octetString:
            throw .privateKeyUnparsable(
                detail: "x509: failed to parse private key (use ParseECPrivateKey instead for this key format)")
        default:
            throw .privateKeyUnparsable(detail: "asn1: structure error: not a PKCS#1 RSA private key")
        }
        do {
            return try _RSA.Signing.PrivateKey(unsafeDERRepresentation: der)
        } catch {
            throw .privateKeyUnparsable(detail: "x509: invalid RSA private key")
        }
    }
}

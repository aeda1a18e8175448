import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// A throwaway RSA CA and RSA server certificates for loopback IPs, made in memory, shaped
/// like bosh-cli's generated `mbus_bootstrap_ssl` (RSA, PKCS#1 key, IP SAN).
struct RSATestCertificates: Sendable {
    let caPEM: String
    let caName: DistinguishedName
    let caKey: _RSA.Signing.PrivateKey
    let serverKey: _RSA.Signing.PrivateKey

    /// Made once per test process: key generation is the slow part.
    static let shared: RSATestCertificates = {
        do { return try make() } catch { fatalError("cannot make test certificates: \(error)") }
    }()

    static func make() throws -> RSATestCertificates {
        let now = Date()
        let caKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let caName = try DistinguishedName { CommonName("local-agent test CA") }
        let ca = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(caKey.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 86400, issuer: caName, subject: caName,
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(caKey))
        return RSATestCertificates(
            caPEM: try ca.serializeAsPEM().pemString, caName: caName, caKey: caKey,
            serverKey: try _RSA.Signing.PrivateKey(keySize: .bits2048))
    }

    /// A server certificate for `ip` (dotted quad) signed by the CA.
    func serverCertificatePEM(ip: String) throws -> String {
        let now = Date()
        let octets = ip.split(separator: ".").compactMap { UInt8($0) }
        let subject = try DistinguishedName { CommonName(ip) }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(serverKey.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 86400, issuer: caName, subject: subject,
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([.ipAddress(ASN1OctetString(contentBytes: ArraySlice(octets)))])
            },
            issuerPrivateKey: .init(caKey))
        return try certificate.serializeAsPEM().pemString
    }

    /// The server key as PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`), as bosh-cli writes it.
    var serverKeyPEM: String { serverKey.pemRepresentation }
}

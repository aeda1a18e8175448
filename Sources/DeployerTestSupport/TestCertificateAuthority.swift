import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// A throwaway CA, made in memory, that signs server certificates for loopback IPs: what the
/// agent's mbus TLS needs in tests. RSA keys are shaped like bosh-cli's generated
/// `mbus_bootstrap_ssl` (RSA 2048, PKCS#1 key, IP SAN); P-256 keys are quicker to make.
public struct TestCertificateAuthority: Sendable {
    /// The kind of keys, for the CA and its servers.
    public enum Keys: Sendable {
        case p256, rsa2048
    }

    /// The CA certificate (PEM).
    public let caPEM: String
    /// The one server key every server certificate of this CA certifies (PEM: PKCS#1 for RSA).
    public let serverKeyPEM: String
    private let caName: DistinguishedName
    private let caKey: Certificate.PrivateKey
    private let serverPublicKey: Certificate.PublicKey
    private let signature: Certificate.SignatureAlgorithm
    private let rsa: Bool

    /// Made once per test process (key generation is the slow part): RSA, as bosh-cli's.
    public static let sharedRSA: TestCertificateAuthority = make(commonName: "deployer test CA (RSA)", keys: .rsa2048)
    /// Made once per test process: P-256.
    public static let sharedP256: TestCertificateAuthority = make(commonName: "deployer test CA", keys: .p256)
    /// A P-256 CA that signed none of `sharedP256`'s certificates.
    public static let otherP256: TestCertificateAuthority = make(commonName: "some other CA", keys: .p256)

    /// A new CA and server key. Failing to make them is a broken test machine: it traps.
    public static func make(commonName: String, keys: Keys) -> TestCertificateAuthority {
        do {
            return try TestCertificateAuthority(commonName: commonName, keys: keys)
        } catch {
            fatalError("cannot make test certificates: \(error)")
        }
    }

    private init(commonName: String, keys: Keys) throws {
        let now = Date()
        caName = try DistinguishedName { CommonName(commonName) }
        switch keys {
        case .p256:
            let ca = P256.Signing.PrivateKey()
            let server = P256.Signing.PrivateKey()
            caKey = Certificate.PrivateKey(ca)
            serverPublicKey = Certificate.PublicKey(server.publicKey)
            serverKeyPEM = server.pemRepresentation
            signature = .ecdsaWithSHA256
            rsa = false
        case .rsa2048:
            let ca = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            let server = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            caKey = Certificate.PrivateKey(ca)
            serverPublicKey = Certificate.PublicKey(server.publicKey)
            serverKeyPEM = server.pemRepresentation
            signature = .sha256WithRSAEncryption
            rsa = true
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: caKey.publicKey,
            notValidBefore: now - 3600, notValidAfter: now + 86400, issuer: caName, subject: caName,
            signatureAlgorithm: signature,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: caKey)
        caPEM = try certificate.serializeAsPEM().pemString
    }

    /// A server certificate for `ip` (dotted quad) signed by the CA, for `serverKeyPEM`.
    public func serverCertificatePEM(ip: String = "127.0.0.1") throws -> String {
        let now = Date()
        let octets = ip.split(separator: ".").compactMap { UInt8($0) }
        let subject = try DistinguishedName { CommonName(ip) }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: serverPublicKey,
            notValidBefore: now - 3600, notValidAfter: now + 86400, issuer: caName, subject: subject,
            signatureAlgorithm: signature,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: rsa))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([.ipAddress(ASN1OctetString(contentBytes: ArraySlice(octets)))])
            },
            issuerPrivateKey: caKey)
        return try certificate.serializeAsPEM().pemString
    }
}

import Foundation
import _CryptoExtras

/// A freshly generated RSA key and the encodings the generators emit.
struct RSAKeyPair: Sendable {
    let privateKey: _RSA.Signing.PrivateKey

    /// Generates a key of `bits` bits (2048, 3072 or 4096).
    ///
    /// - Throws: `VariableGenerationError.generation` when BoringSSL refuses.
    static func generate(bits: Int, failureStep: String) throws -> RSAKeyPair {
        do {
            return RSAKeyPair(privateKey: try _RSA.Signing.PrivateKey(keySize: .init(bitCount: bits)))
        } catch {
            throw VariableGenerationError.generation(step: failureStep, detail: "\(error)")
        }
    }

    /// PKCS#1 `RSA PRIVATE KEY` PEM, as Go's `x509.MarshalPKCS1PrivateKey`.
    var privateKeyPKCS1PEM: String {
        // swift-crypto's DER form of an RSA private key is PKCS#1 (BoringSSL i2d_RSAPrivateKey).
        PEM.encode(type: "RSA PRIVATE KEY", der: privateKey.derRepresentation)
    }

    /// PKIX `PUBLIC KEY` PEM, as Go's `x509.MarshalPKIXPublicKey`.
    var publicKeyPKIXPEM: String {
        PEM.encode(type: "PUBLIC KEY", der: privateKey.publicKey.derRepresentation)
    }

    /// Big-endian modulus and public exponent without leading zero bytes (Go's `big.Int.Bytes`).
    func primitives() throws -> (modulus: [UInt8], exponent: [UInt8]) {
        let primitives = try privateKey.publicKey.getKeyPrimitives()
        return (
            Array(primitives.modulus.drop(while: { $0 == 0 })),
            Array(primitives.publicExponent.drop(while: { $0 == 0 }))
        )
    }
}

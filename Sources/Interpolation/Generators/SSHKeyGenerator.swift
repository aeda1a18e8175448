import Crypto
import Foundation
import GoYAML

/// config-server's `ssh` generator: a 2048-bit RSA key as `{private_key, public_key,
/// public_key_fingerprint}`: PKCS#1 PEM, the OpenSSH `authorized_keys` line without a
/// comment, and the MD5 of the wire-format key as colon-separated hex. Options are ignored.
struct SSHKeyGenerator: Sendable {
    static let keyBits = 2048

    /// - Throws: `VariableGenerationError.generation` when key generation fails.
    func generate() throws -> YAMLNode {
        let key = try RSAKeyPair.generate(bits: Self.keyBits, failureStep: "Generating RSA key pair")
        let primitives: (modulus: [UInt8], exponent: [UInt8])
        do {
            primitives = try key.primitives()
        } catch {
            throw VariableGenerationError.generation(step: "Generating RSA key pair", detail: "\(error)")
        }
        let wire = Self.wireFormat(modulus: primitives.modulus, exponent: primitives.exponent)
        var value = YAMLMap()
        value["private_key"] = .string(key.privateKeyPKCS1PEM)
        value["public_key"] = .string("ssh-rsa " + Data(wire).base64EncodedString() + "\n")
        value["public_key_fingerprint"] = .string(Self.md5Fingerprint(wire))
        return .map(value)
    }

    /// RFC 4253 `ssh-rsa` public key blob: string "ssh-rsa", mpint e, mpint n.
    static func wireFormat(modulus: [UInt8], exponent: [UInt8]) -> [UInt8] {
        var blob: [UInt8] = []
        appendString(Array("ssh-rsa".utf8), to: &blob)
        appendString(mpint(exponent), to: &blob)
        appendString(mpint(modulus), to: &blob)
        return blob
    }

    /// `aa:bb:...` over the 16 bytes of MD5(blob), as golang.org/x/crypto/ssh's users print it.
    static func md5Fingerprint(_ blob: [UInt8]) -> String {
        Insecure.MD5.hash(data: blob).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: ":")
    }

    /// A positive big-endian integer as an SSH mpint: no leading zeros, plus one zero byte
    /// when the top bit is set.
    private static func mpint(_ magnitude: [UInt8]) -> [UInt8] {
        let trimmed = Array(magnitude.drop(while: { $0 == 0 }))
        guard let first = trimmed.first else { return [] }
        return first & 0x80 != 0 ? [0] + trimmed : trimmed
    }

    private static func appendString(_ bytes: [UInt8], to blob: inout [UInt8]) {
        let count = UInt32(bytes.count)
        blob += [UInt8(count >> 24), UInt8((count >> 16) & 0xff), UInt8((count >> 8) & 0xff), UInt8(count & 0xff)]
        blob += bytes
    }
}

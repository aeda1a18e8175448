import Crypto
import NIOSSH

/// The `openssh-key-v1` format (OpenSSH's PROTOCOL.key): a magic string, the cipher and KDF
/// (both `none` for a key without passphrase), one public key, and a private section holding
/// two equal check integers, then per key its type, its type's fields and a comment.
enum OpenSSHPrivateKey {
    private static let magic = Array("openssh-key-v1\0".utf8)

    static func parse(_ bytes: [UInt8]) throws(SSHKeyError) -> NIOSSHPrivateKey {
        guard bytes.starts(with: magic) else { throw .malformed("it does not start with openssh-key-v1") }
        var reader = SSHWireReader(bytes, offset: magic.count)
        let cipher = try reader.readText()
        _ = try reader.readText()  // KDF name
        _ = try reader.readString()  // KDF options
        guard cipher == "none" else { throw .encrypted }
        guard try reader.readUInt32() == 1 else { throw .malformed("the file holds more than one key") }
        _ = try reader.readString()  // the public key, repeated in the private section
        var section = SSHWireReader(try reader.readString())
        guard try section.readUInt32() == section.readUInt32() else {
            throw .malformed("its check integers differ")
        }
        let type = try section.readText()
        switch type {
        case "ssh-ed25519":
            _ = try section.readString()  // public key
            // OpenSSH stores the 32-byte seed followed by the public key.
            let secret = try section.readString()
            guard secret.count == 64 else { throw .malformed("an ed25519 secret is not 64 bytes") }
            do {
                return NIOSSHPrivateKey(
                    ed25519Key: try Curve25519.Signing.PrivateKey(rawRepresentation: secret[0..<32]))
            } catch {
                throw .malformed("the ed25519 seed is invalid")
            }
        case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521":
            _ = try section.readText()  // curve name
            _ = try section.readString()  // public point
            return try ecdsaKey(type: type, reader: &section)
        case "ssh-rsa":
            throw .rsaNotSupported
        default:
            throw .unsupportedType(type)
        }
    }

    private static func ecdsaKey(type: String, reader: inout SSHWireReader) throws(SSHKeyError) -> NIOSSHPrivateKey {
        do {
            switch type {
            case "ecdsa-sha2-nistp256":
                return NIOSSHPrivateKey(
                    p256Key: try P256.Signing.PrivateKey(rawRepresentation: try reader.readUnsignedInteger(width: 32)))
            case "ecdsa-sha2-nistp384":
                return NIOSSHPrivateKey(
                    p384Key: try P384.Signing.PrivateKey(rawRepresentation: try reader.readUnsignedInteger(width: 48)))
            default:
                return NIOSSHPrivateKey(
                    p521Key: try P521.Signing.PrivateKey(rawRepresentation: try reader.readUnsignedInteger(width: 66)))
            }
        } catch let error as SSHKeyError {
            throw error
        } catch {
            throw .malformed("the ECDSA private scalar is invalid")
        }
    }
}

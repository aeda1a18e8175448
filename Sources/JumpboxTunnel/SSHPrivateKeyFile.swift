import Crypto
import Foundation
import NIOSSH

/// Reads the jumpbox's private key (the `private-key` of `BOSH_ALL_PROXY=ssh+socks5://...`)
/// into a key swift-nio-ssh signs with.
///
/// Formats: OpenSSH's own (`BEGIN OPENSSH PRIVATE KEY`, what `ssh-keygen` writes), and PEM EC keys
/// (`BEGIN EC PRIVATE KEY`, PKCS#8 `BEGIN PRIVATE KEY`). Types: ed25519 and ECDSA on P-256, P-384
/// and P-521. RSA keys, which bosh-cli's Go client also takes, are refused with what to do
/// instead: swift-nio-ssh 0.15 has no RSA signatures and its key type cannot be extended.
public enum SSHPrivateKeyFile {
    /// Reads and parses the key file at `path`.
    /// - Throws: `SSHKeyError` naming the file or the problem, never the key's content.
    public static func load(path: String) throws(SSHKeyError) -> NIOSSHPrivateKey {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "not readable as text" : "no such file"
            throw .unreadable(path: path, reason: reason)
        }
        return try parse(text)
    }

    /// Parses a private key's PEM text.
    /// - Throws: `SSHKeyError`.
    public static func parse(_ text: String) throws(SSHKeyError) -> NIOSSHPrivateKey {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("-----BEGIN OPENSSH PRIVATE KEY-----") {
            return try OpenSSHPrivateKey.parse(pemBody(of: trimmed))
        }
        if trimmed.hasPrefix("-----BEGIN RSA PRIVATE KEY-----") { throw .rsaNotSupported }
        if trimmed.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----") { throw .encrypted }
        if trimmed.hasPrefix("-----BEGIN EC PRIVATE KEY-----") || trimmed.hasPrefix("-----BEGIN PRIVATE KEY-----") {
            if trimmed.contains("Proc-Type: 4,ENCRYPTED") { throw .encrypted }
            return try pemECKey(trimmed)
        }
        throw .unknownFormat
    }

    /// A SEC1 or PKCS#8 EC key: each curve's own parser recognises its curve.
    private static func pemECKey(_ pem: String) throws(SSHKeyError) -> NIOSSHPrivateKey {
        if let key = try? P256.Signing.PrivateKey(pemRepresentation: pem) { return NIOSSHPrivateKey(p256Key: key) }
        if let key = try? P384.Signing.PrivateKey(pemRepresentation: pem) { return NIOSSHPrivateKey(p384Key: key) }
        if let key = try? P521.Signing.PrivateKey(pemRepresentation: pem) { return NIOSSHPrivateKey(p521Key: key) }
        // A PKCS#8 key of none of these curves is most often RSA.
        throw pem.hasPrefix("-----BEGIN PRIVATE KEY-----")
            ? .rsaNotSupported : .malformed("not a P-256, P-384 or P-521 key")
    }

    /// The base64 between the armour lines, decoded.
    private static func pemBody(of pem: String) throws(SSHKeyError) -> [UInt8] {
        let base64 = pem.split(whereSeparator: \.isNewline)
            .filter { !$0.hasPrefix("-----") }
            .joined()
        guard let data = Data(base64Encoded: base64) else {
            throw .malformed("the base64 between the PEM lines is invalid")
        }
        return [UInt8](data)
    }
}

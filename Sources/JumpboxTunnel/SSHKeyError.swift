/// Why the jumpbox's private key file cannot be used. The texts never contain key material.
public enum SSHKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// Not a private key in a format this client reads.
    case unknownFormat
    /// An RSA key: swift-nio-ssh (the in-process SSH client) signs only with ed25519 and ECDSA.
    case rsaNotSupported
    /// A key type other than RSA that the SSH client cannot use (DSA, security keys...).
    case unsupportedType(String)
    /// A passphrase-protected key (bosh-cli cannot use them either).
    case encrypted
    /// The key's bytes are damaged.
    case malformed(String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read the private key file '\(path)': \(reason)"
        case .unknownFormat:
            return "the private key file is not an OpenSSH (BEGIN OPENSSH PRIVATE KEY) or PEM EC "
                + "(BEGIN EC PRIVATE KEY, BEGIN PRIVATE KEY) private key"
        case .rsaNotSupported:
            return "the private key is an RSA key, which deployer's in-process SSH client (swift-nio-ssh) cannot "
                + "sign with. Give the jumpbox user an ed25519 or ECDSA key (ssh-keygen -t ed25519), or open "
                + "the tunnel yourself (ssh -N -D 127.0.0.1:1080 USER@JUMPBOX) and set BOSH_ALL_PROXY=socks5://127.0.0.1:1080"
        case .unsupportedType(let type):
            return "the private key is of type '\(type)'; deployer's SSH client uses ed25519 and ECDSA "
                + "(nistp256, nistp384, nistp521) keys"
        case .encrypted:
            return "the private key is protected by a passphrase; use a key without one "
                + "(bosh-cli cannot use passphrase-protected keys either)"
        case .malformed(let detail):
            return "the private key is damaged: \(detail)"
        }
    }
}

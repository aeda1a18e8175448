import Foundation

/// The jumpbox of `BOSH_ALL_PROXY=ssh+socks5://USER@HOST:PORT?private-key=PATH`, read as
/// bosh-utils' `socksify.go` reads it: the `ssh+` prefix dropped, the rest a URL whose user is
/// the SSH user (`jumpbox` when absent, as in cloudfoundry/socks5-proxy) and whose
/// `private-key` query parameter is required and names the key file.
public struct SSHJumpboxSettings: Sendable, Equatable {
    /// The jumpbox's host name or address.
    public var host: String
    /// Its SSH port.
    public var port: Int
    /// The SSH user.
    public var username: String
    /// The private key file's path.
    public var privateKeyPath: String

    /// - Parameters:
    ///   - host: the jumpbox's host name or address.
    ///   - port: its SSH port.
    ///   - username: the SSH user.
    ///   - privateKeyPath: the private key file.
    public init(host: String, port: Int, username: String, privateKeyPath: String) {
        self.host = host
        self.port = port
        self.username = username
        self.privateKeyPath = privateKeyPath
    }

    /// Parses the value of `BOSH_ALL_PROXY` when it starts with `ssh+`.
    /// - Returns: nil when `value` is not an `ssh+` URL.
    /// - Throws: a reason (without the key path's content) when it is one but unusable.
    public static func parse(_ value: String) throws(SSHJumpboxSettingsError) -> SSHJumpboxSettings? {
        guard value.hasPrefix("ssh+") else { return nil }
        guard let url = URLComponents(string: String(value.dropFirst(4))) else { throw .notAURL }
        guard url.scheme?.lowercased() == "socks5" else {
            throw .unknownScheme(url.scheme ?? "")
        }
        guard let host = url.host, !host.isEmpty, let port = url.port, (1...65535).contains(port) else {
            throw .missingHostOrPort
        }
        guard let keyPath = url.queryItems?.first(where: { $0.name == "private-key" })?.value, !keyPath.isEmpty else {
            throw .missingPrivateKey
        }
        let user = url.user.flatMap { $0.isEmpty ? nil : $0 } ?? "jumpbox"
        return SSHJumpboxSettings(host: host, port: port, username: user, privateKeyPath: keyPath)
    }

    /// `user@host:port`, for messages.
    public var displayName: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(username)@\(hostPart):\(port)"
    }
}

/// Why an `ssh+socks5://` proxy URL cannot be used.
public enum SSHJumpboxSettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAURL
    case unknownScheme(String)
    case missingHostOrPort
    case missingPrivateKey

    public var description: String {
        switch self {
        case .notAURL: return "not a URL"
        case .unknownScheme(let scheme):
            return "unknown scheme 'ssh+\(scheme)'; use ssh+socks5://USER@HOST:PORT?private-key=PATH"
        case .missingHostOrPort: return "a host and a port are required (ssh+socks5://USER@HOST:PORT?private-key=PATH)"
        case .missingPrivateKey:
            return "required query parameter 'private-key' not found (ssh+socks5://USER@HOST:PORT?private-key=PATH)"
        }
    }
}

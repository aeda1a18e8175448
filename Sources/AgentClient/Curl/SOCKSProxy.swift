import Foundation

/// `BOSH_ALL_PROXY`, as bosh-utils' `socksify.go` reads it for every connection bosh-cli makes
/// (agent requests, the agent's blob store, release and stemcell downloads):
/// `socks5://[user:password@]host:port`, with names resolved by the proxy (the jumpbox sees
/// the private network) and `NO_PROXY` (or `no_proxy`) naming hosts reached directly.
///
/// bosh-cli's `ssh+socks5://user@host:port?private-key=PATH` (an SSH tunnel to the jumpbox
/// opened in-process) is not supported yet: it is refused before anything is done, with how to
/// open the tunnel by hand, rather than ignored.
public struct SOCKSProxy: Sendable, Equatable {
    /// The proxy's host.
    public var host: String
    /// The proxy's port.
    public var port: Int
    /// Credentials of the proxy itself, when the URL has them.
    public var username: String?
    /// The password of `username` (never printed).
    public var password: String?
    /// Hosts reached without the proxy (`NO_PROXY`), as libcurl reads such a list.
    public var bypass: String

    /// The proxy of this process's environment, read once; nil without `BOSH_ALL_PROXY` (or
    /// with one that `fromEnvironment` refuses: the CLI stops on that before any transfer).
    static let current: SOCKSProxy? = try? fromEnvironment(ProcessInfo.processInfo.environment)

    /// Parses `BOSH_ALL_PROXY` and `NO_PROXY` of `environment`.
    /// - Returns: nil when `BOSH_ALL_PROXY` is unset or empty.
    /// - Throws: `SOCKSProxyError` naming the proxy (without its password or key).
    public static func fromEnvironment(_ environment: [String: String]) throws(SOCKSProxyError) -> SOCKSProxy? {
        guard let value = environment["BOSH_ALL_PROXY"], !value.isEmpty else { return nil }
        if value.hasPrefix("ssh+") {
            throw .sshTunnelNotSupported(proxy: redacted(value))
        }
        guard let url = URLComponents(string: value), let scheme = url.scheme?.lowercased() else {
            throw .invalid(proxy: redacted(value), reason: "not a URL")
        }
        // golang.org/x/net/proxy.FromURL knows socks5 and socks5h; both resolve on the proxy.
        guard scheme == "socks5" || scheme == "socks5h" else {
            throw .invalid(proxy: redacted(value), reason: "unknown scheme '\(scheme)'; use socks5://host:port")
        }
        guard let host = url.host, !host.isEmpty, let port = url.port, (1...65535).contains(port) else {
            throw .invalid(proxy: redacted(value), reason: "a host and a port are required (socks5://host:port)")
        }
        let bypass = environment["NO_PROXY"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["no_proxy"] ?? ""
        return SOCKSProxy(host: host, port: port, username: url.user, password: url.password, bypass: bypass)
    }

    /// The proxy for libcurl: `socks5h` so the proxy resolves names, as bosh-cli's dialer does.
    var curlURL: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "socks5h://\(hostPart):\(port)"
    }

    /// `value` with a password or query (which may name a key file) hidden.
    static func redacted(_ value: String) -> String {
        guard var url = URLComponents(string: value) else { return "<unparseable>" }
        if url.password != nil { url.password = "<redacted>" }
        if url.query != nil { url.query = "<redacted>" }
        return url.string ?? "<unparseable>"
    }
}

/// Why `BOSH_ALL_PROXY` cannot be used.
public enum SOCKSProxyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `ssh+socks5://...`: an SSH tunnel deployer does not open itself yet.
    case sshTunnelNotSupported(proxy: String)
    /// Not a usable SOCKS5 URL.
    case invalid(proxy: String, reason: String)

    public var description: String {
        switch self {
        case .sshTunnelNotSupported(let proxy):
            return "BOSH_ALL_PROXY '\(proxy)': deployer does not open SSH tunnels itself yet. Open one to the jumpbox "
                + "(ssh -N -D 127.0.0.1:1080 -i KEY USER@JUMPBOX) and set BOSH_ALL_PROXY=socks5://127.0.0.1:1080"
        case .invalid(let proxy, let reason):
            return "BOSH_ALL_PROXY '\(proxy)': \(reason)"
        }
    }
}

import Foundation

/// `BOSH_ALL_PROXY=socks5://[user:password@]host:port`, as bosh-utils' `socksify.go` reads it:
/// every connection (agent requests, the agent's blob store, release and stemcell downloads)
/// through that proxy, with names resolved by the proxy (the jumpbox sees the private network)
/// and `NO_PROXY` (or `no_proxy`) naming hosts reached directly.
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

    /// Parses a `socks5://` value of `BOSH_ALL_PROXY`, with `NO_PROXY` from `environment`.
    /// - Throws: `SOCKSProxyError` naming the proxy (without its password).
    static func parse(_ value: String, environment: [String: String]) throws(SOCKSProxyError) -> SOCKSProxy {
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

/// Why `BOSH_ALL_PROXY` cannot be used. The texts name the proxy without its password or the
/// key file's path.
public enum SOCKSProxyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a usable proxy URL.
    case invalid(proxy: String, reason: String)
    /// An `ssh+socks5://` jumpbox whose key cannot be used.
    case sshKey(proxy: String, reason: String)

    public var description: String {
        switch self {
        case .invalid(let proxy, let reason), .sshKey(let proxy, let reason):
            return "BOSH_ALL_PROXY '\(proxy)': \(reason)"
        }
    }
}

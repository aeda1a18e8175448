internal import CCurl
import Foundation
import JumpboxTunnel

/// How one libcurl transfer leaves this machine: directly (libcurl's own `http(s)_proxy`, with
/// loopback exempt), through a SOCKS5 proxy, or through the jumpbox relay under a username of
/// its own.
enum ProxyRoute {
    case direct
    case socks(SOCKSProxy)
    case jumpbox(JumpboxRelay, username: String, password: String)

    /// The route `BOSH_ALL_PROXY` asks for; for a jumpbox, its connection is opened (or
    /// reused) first, so that a dead jumpbox or a refused key is the transfer's error.
    static func forTransfer() -> Result<ProxyRoute, CurlFailure> {
        switch BoshAllProxy.current {
        case nil: return .success(.direct)
        case .socks5(let proxy): return .success(.socks(proxy))
        case .sshJumpbox(let settings):
            switch JumpboxRelays.relay(for: settings) {
            case .failure(let error): return .failure(.proxy(error))
            case .success(let relay):
                let credentials = relay.credentials()
                return .success(.jumpbox(relay, username: credentials.username, password: credentials.password))
            }
        }
    }

    /// Sets the proxy options of `handle`.
    func apply(to handle: UnsafeMutableRawPointer) {
        switch self {
        case .direct:
            // libcurl honours http(s)_proxy from the environment, as bosh-cli does; a loopback
            // agent (the local cloud) must never be reached through a proxy.
            _ = deployer_curl_setopt_string(handle, CURLOPT_NOPROXY, Self.loopbackAndNoProxy)
        case .socks(let proxy):
            // Every connection through the SOCKS5 proxy but those NO_PROXY names, as bosh-cli's
            // dialer does (loopback included: the jumpbox may be local).
            _ = deployer_curl_setopt_string(handle, CURLOPT_PROXY, proxy.curlURL)
            if let username = proxy.username {
                _ = deployer_curl_setopt_string(handle, CURLOPT_PROXYUSERNAME, username)
                _ = deployer_curl_setopt_string(handle, CURLOPT_PROXYPASSWORD, proxy.password ?? "")
            }
            _ = deployer_curl_setopt_string(handle, CURLOPT_NOPROXY, proxy.bypass)
        case .jumpbox(let relay, let username, let password):
            _ = deployer_curl_setopt_string(handle, CURLOPT_PROXY, relay.proxyURL)
            _ = deployer_curl_setopt_string(handle, CURLOPT_PROXYUSERNAME, username)
            _ = deployer_curl_setopt_string(handle, CURLOPT_PROXYPASSWORD, password)
            _ = deployer_curl_setopt_string(handle, CURLOPT_NOPROXY, "")
        }
    }

    /// `failure` of a transfer on this route, replaced by the jumpbox's reason when the relay
    /// recorded one (libcurl only knows that the SOCKS5 server refused).
    func explain(_ failure: CurlFailure) -> CurlFailure {
        guard case .jumpbox(let relay, let username, _) = self, let error = relay.takeFailure(username: username) else {
            return failure
        }
        return .proxy(error)
    }

    /// The environment's `no_proxy` list plus loopback (CURLOPT_NOPROXY replaces the variable).
    private static let loopbackAndNoProxy: String = {
        let environment = ProcessInfo.processInfo.environment
        let configured = environment["no_proxy"] ?? environment["NO_PROXY"] ?? ""
        return ([configured, "localhost", "127.0.0.0/8", "::1"].filter { !$0.isEmpty }).joined(separator: ",")
    }()
}

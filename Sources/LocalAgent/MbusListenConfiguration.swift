import DeployerSupport
import Foundation

/// Where and how the mbus listener serves: host and port from the mbus URL (which must be in
/// 127.0.0.0/8, the local cloud's VM addresses) and the basic-auth header it expects.
struct MbusListenConfiguration: Sendable {
    /// An IPv4 address in 127.0.0.0/8.
    var host: String
    var port: Int
    /// `Basic base64(user:password)`, compared in constant time; never logged.
    var expectedAuthorization: String
    /// `https://<user>:<redacted>@host:port`, for logs.
    var redactedURL: String

    /// Parses `url` (`https://mbus:<password>@127.0.0.5:6868`).
    /// - Throws: `LocalAgentError` when the scheme is not https, the host is not an IPv4
    ///   address in 127.0.0.0/8, the port is missing or there are no credentials.
    init(url text: String) throws {
        let shown = Redactor.urlPasswords(in: text)
        guard let components = URLComponents(string: text), components.scheme?.lowercased() == "https" else {
            throw LocalAgentError("Parsing mbus URL '\(shown)': only https URLs are served")
        }
        guard let host = components.host, Self.isLoopbackIPv4(host) else {
            throw LocalAgentError(
                "Parsing mbus URL '\(shown)': the host must be an IPv4 address in 127.0.0.0/8 (the local cloud)")
        }
        guard let port = components.port, (1...65535).contains(port) else {
            throw LocalAgentError("Parsing mbus URL '\(shown)': a port is required")
        }
        guard let user = components.user, let password = components.password else {
            throw LocalAgentError("Parsing mbus URL '\(shown)': user and password are required")
        }
        self.host = host
        self.port = port
        expectedAuthorization = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        redactedURL = "https://\(user):<redacted>@\(host):\(port)"
    }

    /// Whether `header` equals the expected `Authorization` value, in time independent of
    /// where they differ.
    func authorizes(_ header: String?) -> Bool {
        let expected = Array(expectedAuthorization.utf8)
        let given = Array((header ?? "").utf8)
        var difference = UInt8(expected.count == given.count ? 0 : 1)
        for index in 0..<expected.count {
            difference |= expected[index] ^ (index < given.count ? given[index] : 0)
        }
        return difference == 0
    }

    static func isLoopbackIPv4(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        let octets = parts.compactMap { part -> Int? in
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = Int(part),
                (0...255).contains(value)
            else { return nil }
            return value
        }
        return octets.count == 4 && octets[0] == 127
    }
}

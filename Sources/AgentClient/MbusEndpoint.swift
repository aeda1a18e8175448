import DeployerSupport
import Foundation

/// An agent's mbus URL (`https://mbus:<password>@10.0.0.6:6868`) split into the parts a
/// request needs: the URL without credentials, the credentials, and a printable form.
public struct MbusEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// Scheme, host and port (and any base path), without userinfo and without trailing `/`.
    public let baseURL: String
    /// The percent-decoded user, if the URL has one.
    public let username: String?
    /// The percent-decoded password, if the URL has one. Never printed.
    public let password: String?

    /// Parses an mbus URL.
    /// - Throws: `AgentError` (`.cannotConnect`) when the URL is not an `http`/`https` URL
    ///   with a host.
    public init(url: URL) throws {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false),
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = components.host, !host.isEmpty
        else {
            let shown = Redactor.urlPasswords(in: url.absoluteString)
            throw AgentError(
                endpoint: shown, operation: "parsing the mbus URL",
                reason: .cannotConnect(detail: "not an http(s) URL with a host"))
        }
        username = components.user
        password = components.password
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        var base = components.string ?? "\(scheme)://\(host)"
        while base.hasSuffix("/") { base.removeLast() }
        baseURL = base
        redacted = MbusEndpoint.printable(base: base, username: username, hasPassword: password != nil)
    }

    /// The URL with the password replaced by `<redacted>`, safe for logs and errors.
    public let redacted: String

    public var description: String { redacted }

    /// `baseURL + path`; `path` starts with `/`.
    func url(path: String) -> String { baseURL + path }

    /// Replaces `password` in `text` (curl or agent messages might echo it) by `<redacted>`.
    func scrub(_ text: String) -> String {
        guard let password, !password.isEmpty else { return text }
        return text.replacingOccurrences(of: password, with: "<redacted>")
    }

    private static func printable(base: String, username: String?, hasPassword: Bool) -> String {
        guard let username else { return base }
        guard let range = base.range(of: "://") else { return base }
        let user = username.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? username
        let userinfo = hasPassword ? "\(user):<redacted>@" : "\(user)@"
        return base.replacingCharacters(in: range, with: "://" + userinfo)
    }
}

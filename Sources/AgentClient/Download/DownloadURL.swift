import Foundation

/// A download URL split into what libcurl needs (the URL without userinfo, the basic-auth
/// credentials) and a printable form with every secret masked.
public struct DownloadURL: Sendable, Hashable, CustomStringConvertible {
    /// The URL as sent: scheme, host, path and query, without `user:password@`.
    let requestURL: String
    /// The percent-decoded user, if the URL has one.
    let username: String?
    /// The percent-decoded password, if the URL has one. Never printed.
    let password: String?
    /// The URL safe for errors and logs: the password and the query (pre-signed URLs carry
    /// their signature there) replaced by `<redacted>`.
    public let redacted: String

    /// Parses an `http://` or `https://` URL with a host.
    /// - Throws: `DownloadError` (`.invalidURL`) for anything else; the message is masked.
    public init(_ text: String) throws(DownloadError) {
        guard var components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else {
            throw DownloadError(
                url: Self.mask(text), attempts: 0,
                reason: .invalidURL(detail: "not an http:// or https:// URL with a host"))
        }
        username = components.user
        password = components.password
        components.user = nil
        components.password = nil
        components.fragment = nil
        requestURL = components.string ?? text
        var shown = components
        let hasQuery = shown.percentEncodedQuery != nil
        shown.percentEncodedQuery = nil
        var printable = (shown.string ?? "\(scheme)://\(host)") + (hasQuery ? "?<redacted>" : "")
        if let username, let range = printable.range(of: "://") {
            let user = username.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? username
            let userinfo = password != nil ? "\(user):<redacted>@" : "\(user)@"
            printable.replaceSubrange(range, with: "://" + userinfo)
        }
        redacted = printable
    }

    public var description: String { redacted }

    /// Replaces the password in `text` (curl messages may echo the URL) by `<redacted>`.
    func scrub(_ text: String) -> String {
        var result = text
        if let password, !password.isEmpty {
            result = result.replacingOccurrences(of: password, with: "<redacted>")
        }
        if let query = URLComponents(string: requestURL)?.percentEncodedQuery, !query.isEmpty {
            result = result.replacingOccurrences(of: query, with: "<redacted>")
        }
        return result
    }

    /// Masks `user:password@` and the query of URL-like text that did not parse.
    static func mask(_ text: String) -> String {
        var result = text
        if let question = result.firstIndex(of: "?") {
            result = String(result[..<question]) + "?<redacted>"
        }
        guard let schemeEnd = result.range(of: "://"),
            let at = result[schemeEnd.upperBound...].firstIndex(of: "@")
        else { return result }
        let userinfo = result[schemeEnd.upperBound..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return result }
        return String(result[..<colon]) + ":<redacted>" + String(result[at...])
    }
}

extension DownloadURL {
    /// `text` with its password and query masked, whether or not it parses.
    public static func masked(_ text: String) -> String {
        (try? DownloadURL(text))?.redacted ?? mask(text)
    }
}

import DeployerSupport
import Foundation

/// One CPI answer as read from the CPI's stdout: `{"result":…,"error":…|null,"log":"…"}`.
public struct CPIResponse: Codable, Hashable, Sendable {
    /// The method's return value; `.null` on error or for methods that return nothing.
    public var result: JSONValue
    /// The failure, when the call failed.
    public var error: CPIResponseError?
    /// The CPI's own log for this call (bosh-cli writes it to its debug log).
    public var log: String

    /// Creates a response.
    public init(result: JSONValue = .null, error: CPIResponseError? = nil, log: String = "") {
        self.result = result
        self.error = error
        self.log = log
    }

    enum CodingKeys: String, CodingKey { case result, error, log }

    // Lenient like bosh-cli: missing members default (null result, no error, empty log).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        result = try container.decodeIfPresent(JSONValue.self, forKey: .result) ?? .null
        error = try container.decodeIfPresent(CPIResponseError.self, forKey: .error)
        log = try container.decodeIfPresent(String.self, forKey: .log) ?? ""
    }

    // Always writes all three members, `"error":null` included, as CPIs conventionally do.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(result, forKey: .result)
        if let error { try container.encode(error, forKey: .error) } else { try container.encodeNil(forKey: .error) }
        try container.encode(log, forKey: .log)
    }

    /// Compact JSON for a CPI's stdout: `{"result":…,"error":…,"log":…}`.
    public func encodedJSON() -> Data {
        var out = "{\"result\":"
        out += result.jsonText
        out += ",\"error\":"
        if let error {
            out +=
                "{\"type\":" + CPIResponseError.quoted(error.type.rawValue) + ",\"message\":"
                + CPIResponseError.quoted(error.message) + ",\"ok_to_retry\":" + (error.okToRetry ? "true" : "false")
                + "}"
        } else {
            out += "null"
        }
        out += ",\"log\":" + CPIResponseError.quoted(log) + "}"
        return Data(out.utf8)
    }
}

/// The `error` member of a response: `{"type":…,"message":…,"ok_to_retry":…}`.
///
/// A `CPIHandler` throws this to send a specific error type back to the caller.
public struct CPIResponseError: Error, Codable, Hashable, Sendable, CustomStringConvertible {
    /// The error class, e.g. `Bosh::Clouds::VMNotFound`.
    public var type: CPIErrorType
    /// Human-readable explanation.
    public var message: String
    /// Whether the CPI says the same call may succeed if repeated.
    public var okToRetry: Bool

    /// Creates an error payload.
    public init(type: CPIErrorType, message: String, okToRetry: Bool = false) {
        self.type = type
        self.message = message
        self.okToRetry = okToRetry
    }

    enum CodingKeys: String, CodingKey {
        case type, message
        case okToRetry = "ok_to_retry"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = CPIErrorType(rawValue: try container.decodeIfPresent(String.self, forKey: .type) ?? "")
        message = try container.decodeIfPresent(String.self, forKey: .message) ?? ""
        okToRetry = try container.decodeIfPresent(Bool.self, forKey: .okToRetry) ?? false
    }

    /// bosh-cli's rendering: `CmdError{"type":"…","message":"…","ok_to_retry":false}`.
    public var description: String {
        "CmdError{\"type\":\(Self.quoted(type.rawValue)),\"message\":\(Self.quoted(message)),\"ok_to_retry\":\(okToRetry)}"
    }

    /// This error after bosh-cli's "not implemented" mapping: `CloudError` "Invalid Method: …" and
    /// `InvalidCall` "Method is not known, got …" become `NotImplemented` with bosh-cli's message.
    public func mappedForBoshCLI(method: String) -> CPIResponseError {
        let notImplemented =
            (type == .cloudError && message.hasPrefix("Invalid Method:"))
            || (type == .invalidCall && message.hasPrefix("Method is not known, got"))
        guard notImplemented else { return self }
        return CPIResponseError(
            type: .notImplemented,
            message: "CPI error '\(type.rawValue)' with message '\(message)' in '\(method)' CPI method",
            okToRetry: okToRetry)
    }

    /// A JSON string literal (Go's `json.Marshal` escaping of quotes, backslashes and controls).
    static func quoted(_ text: String) -> String { GoJSON.quote(text) }
}

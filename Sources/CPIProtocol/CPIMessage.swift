import DeployerSupport

/// One CPI method, defined once for both ends of the wire: its arguments as a value, how they
/// go into and come out of a request's positional `arguments`, and its typed result with the
/// shape the result takes on the wire for each API version.
///
/// `ExternalCPICloud` encodes a message and decodes its result; `CPIServer` decodes it and
/// encodes the result a `Cloud` gives for it. `CPIMethod.messageType` lists one type per method.
public protocol CPIMessage: Hashable, Sendable {
    /// What the method returns, typed (`Void` when bosh-cli ignores the result).
    associatedtype Result: Sendable

    /// The method's wire name.
    static var method: CPIMethod { get }

    /// The request's positional `arguments`, in wire order.
    var wireArguments: [JSONValue] { get }

    /// Reads a request's `arguments` (for a CPI written with `CPIServer`).
    ///
    /// - Throws: `CPIResponseError` of type `InvalidCall` naming the bad argument, as the Ruby
    ///   `bosh_cpi` gem reports it.
    init(wireArguments: [JSONValue]) throws(CPIResponseError)

    /// Reads a response's `result` the way bosh-cli does under the request's `api_version`.
    ///
    /// - Throws: `CPIError.unexpectedResult` when the result has another shape.
    static func result(fromWire result: JSONValue, apiVersion: Int) throws(CPIError) -> Result

    /// The response's `result` for `result`, answering a request of `apiVersion`.
    static func wireResult(_ result: Result, apiVersion: Int) -> JSONValue

    /// The `api_version` the method always goes out with; `nil` (the default) sends the
    /// negotiated one. Only `info`, which does the negotiating, has one.
    static var fixedAPIVersion: Int? { get }

    /// What a client takes a NotImplemented answer to mean; `nil` (the default) lets the error
    /// through. bosh-cli takes a CPI without `info` for an API v1 CPI.
    static var answerWhenNotImplemented: Result? { get }
}

extension CPIMessage {
    public static var fixedAPIVersion: Int? { nil }
    public static var answerWhenNotImplemented: Result? { nil }

    /// The reader of this method's arguments, naming the method in its errors.
    static func reader(_ arguments: [JSONValue]) -> CPIArgumentReader {
        CPIArgumentReader(method: method, arguments: arguments)
    }

    /// Serves one request: decodes `arguments`, has `cloud` answer, encodes its result.
    ///
    /// - Throws: `CPIResponseError` for bad arguments, and whatever `cloud` throws.
    static func serve(_ arguments: [JSONValue], apiVersion: Int, by cloud: some Cloud) async throws -> JSONValue {
        let message = try Self(wireArguments: arguments)
        return wireResult(try await cloud.send(message), apiVersion: apiVersion)
    }
}

// bosh-cli reads nothing from these methods' results; a CPI answers `null`.
extension CPIMessage where Result == Void {
    public static func result(fromWire result: JSONValue, apiVersion: Int) throws(CPIError) {}
    public static func wireResult(_ result: Void, apiVersion: Int) -> JSONValue { .null }
}

extension CPIMessage where Result: CPIWireResult {
    public static func result(fromWire result: JSONValue, apiVersion: Int) throws(CPIError) -> Result {
        try Result(wireResult: result, of: method, apiVersion: apiVersion)
    }

    public static func wireResult(_ result: Result, apiVersion: Int) -> JSONValue {
        result.wireResult(apiVersion: apiVersion)
    }
}

/// A result type with one wire shape per API version whichever method returns it (a CID, a
/// boolean, `CPIInfo`, `CreatedVM`), so its messages need not spell the shape out.
public protocol CPIWireResult: Sendable {
    /// Reads a response's `result` for `method` under `apiVersion`.
    ///
    /// - Throws: `CPIError.unexpectedResult` naming `method` when the shape is wrong.
    init(wireResult result: JSONValue, of method: CPIMethod, apiVersion: Int) throws(CPIError)

    /// The value as a response's `result` for a request of `apiVersion`.
    func wireResult(apiVersion: Int) -> JSONValue
}

extension Bool: CPIWireResult {
    public init(wireResult result: JSONValue, of method: CPIMethod, apiVersion: Int) throws(CPIError) {
        guard let value = result.boolValue else { throw .unexpected(method, result, expected: "a boolean") }
        self = value
    }

    public func wireResult(apiVersion: Int) -> JSONValue { .bool(self) }
}

extension CloudID: CPIWireResult where Resource: CloudResource {
    public init(wireResult result: JSONValue, of method: CPIMethod, apiVersion: Int) throws(CPIError) {
        guard let cid = result.stringValue else {
            throw .unexpected(method, result, expected: "a \(Resource.kind) CID string")
        }
        self.init(cid)
    }

    public func wireResult(apiVersion: Int) -> JSONValue { .string(rawValue) }
}

extension CPIError {
    /// `.unexpectedResult` for `method`, with a short redacted excerpt of `result`.
    static func unexpected(_ method: CPIMethod, _ result: JSONValue, expected: String) -> CPIError {
        .unexpectedResult(method: method.rawValue, expected: expected, excerpt: CPIRedactor.excerpt(result.jsonText))
    }
}

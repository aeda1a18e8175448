import DeployerSupport
import Foundation

/// One CPI call as written to the CPI's stdin:
/// `{"method":…,"arguments":[…],"context":{…},"api_version":N}`.
public struct CPIRequest: Codable, Hashable, Sendable {
    /// The wire method name (kept as a string so a CPI can answer methods it does not know).
    public var method: String
    /// Positional arguments; `[]` when the method takes none.
    public var arguments: [JSONValue]
    /// Who is calling and for which stemcell.
    public var context: CPIContext
    /// The contract version the caller wants for this call (bosh-cli always sends it; `info`
    /// itself always goes out as 1).
    public var apiVersion: Int?

    /// Creates a request.
    public init(method: String, arguments: [JSONValue] = [], context: CPIContext, apiVersion: Int?) {
        self.method = method
        self.arguments = arguments
        self.context = context
        self.apiVersion = apiVersion
    }

    /// Creates a request for a known method.
    public init(method: CPIMethod, arguments: [JSONValue] = [], context: CPIContext, apiVersion: Int?) {
        self.init(method: method.rawValue, arguments: arguments, context: context, apiVersion: apiVersion)
    }

    /// The method, when it is one this package knows.
    public var knownMethod: CPIMethod? { CPIMethod(rawValue: method) }

    enum CodingKeys: String, CodingKey {
        case method, arguments, context
        case apiVersion = "api_version"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        method = try container.decode(String.self, forKey: .method)
        arguments = try container.decodeIfPresent([JSONValue].self, forKey: .arguments) ?? []
        context = try container.decodeIfPresent(CPIContext.self, forKey: .context) ?? CPIContext()
        apiVersion = try container.decodeIfPresent(Int.self, forKey: .apiVersion)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(method, forKey: .method)
        try container.encode(arguments, forKey: .arguments)
        try container.encode(context, forKey: .context)
        try container.encodeIfPresent(apiVersion, forKey: .apiVersion)
    }

    /// Compact JSON with bosh-cli's key order (`method`, `arguments`, `context`, `api_version`),
    /// no trailing newline: byte for byte what bosh-cli writes to a CPI's stdin.
    public func encodedJSON() -> Data {
        var out = "{\"method\":" + CPIResponseError.quoted(method) + ",\"arguments\":"
        out += JSONValue.array(arguments).jsonText
        out += ",\"context\":"
        context.jsonValue.write(to: &out)
        if let apiVersion { out += ",\"api_version\":" + String(apiVersion) }
        return Data((out + "}").utf8)
    }
}

/// The `context` object of a request.
///
/// bosh-cli sends `director_uuid` and `vm.stemcell.api_version`; the Director also sends
/// `request_id` and CPI-config properties, which land in `extra`.
public struct CPIContext: Codable, Hashable, Sendable {
    /// The state file's `director_id` (bosh-cli) or the Director's UUID.
    public var directorUUID: String
    /// A correlation ID (`cpi-123456`); bosh-cli does not send one.
    public var requestID: String?
    /// The `vm` object; bosh-cli always sends it, with a `stemcell` member.
    public var vm: VMContext?
    /// Any other top-level context keys, kept verbatim.
    public var extra: [String: JSONValue]

    /// Creates a context.
    public init(
        directorUUID: String = "", requestID: String? = nil, vm: VMContext? = nil, extra: [String: JSONValue] = [:]
    ) {
        self.directorUUID = directorUUID
        self.requestID = requestID
        self.vm = vm
        self.extra = extra
    }

    /// The context bosh-cli sends: the director ID and the stemcell's API version
    /// (`nil` or 0 leaves the number out: `"vm":{"stemcell":{}}`).
    public static func boshCLI(directorUUID: String, stemcellAPIVersion: Int?) -> CPIContext {
        CPIContext(directorUUID: directorUUID, vm: VMContext(stemcell: StemcellContext(apiVersion: stemcellAPIVersion)))
    }

    /// The context as JSON, members in bosh-cli's order (`director_uuid`, `request_id`, `vm`, then
    /// the rest sorted) when written with `write(to:)`.
    var jsonValue: OrderedContext { OrderedContext(context: self) }

    /// The stemcell's API version, when the caller sent one.
    public var stemcellAPIVersion: Int? { vm?.stemcell?.apiVersion }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private static let knownKeys: Set<String> = ["director_uuid", "request_id", "vm"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        directorUUID = try container.decodeIfPresent(String.self, forKey: Key("director_uuid")) ?? ""
        requestID = try container.decodeIfPresent(String.self, forKey: Key("request_id"))
        vm = try container.decodeIfPresent(VMContext.self, forKey: Key("vm"))
        var extra: [String: JSONValue] = [:]
        for key in container.allKeys where !Self.knownKeys.contains(key.stringValue) {
            extra[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
        self.extra = extra
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(directorUUID, forKey: Key("director_uuid"))
        try container.encodeIfPresent(requestID, forKey: Key("request_id"))
        try container.encodeIfPresent(vm, forKey: Key("vm"))
        for (key, value) in extra.sorted(by: { $0.key < $1.key }) where !Self.knownKeys.contains(key) {
            try container.encode(value, forKey: Key(key))
        }
    }
}

/// `context.vm`: what the caller knows about the VM being worked on.
public struct VMContext: Codable, Hashable, Sendable {
    /// `context.vm.stemcell`.
    public var stemcell: StemcellContext?

    /// Creates a VM context.
    public init(stemcell: StemcellContext?) { self.stemcell = stemcell }
}

/// `context.vm.stemcell`: the stemcell's `api_version` from `stemcell.MF`.
public struct StemcellContext: Codable, Hashable, Sendable {
    /// The stemcell API version; omitted on the wire when `nil` or 0, as bosh-cli does.
    public var apiVersion: Int?

    /// Creates a stemcell context.
    public init(apiVersion: Int?) { self.apiVersion = apiVersion }

    enum CodingKeys: String, CodingKey { case apiVersion = "api_version" }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let apiVersion, apiVersion != 0 { try container.encode(apiVersion, forKey: .apiVersion) }
    }
}

/// Writes a context with bosh-cli's member order (Go struct order), which a sorted-keys writer
/// would not keep.
struct OrderedContext {
    let context: CPIContext

    func write(to out: inout String) {
        out += "{\"director_uuid\":" + CPIResponseError.quoted(context.directorUUID)
        if let requestID = context.requestID { out += ",\"request_id\":" + CPIResponseError.quoted(requestID) }
        if let vm = context.vm {
            out += ",\"vm\":{"
            if let stemcell = vm.stemcell {
                out += "\"stemcell\":{"
                if let version = stemcell.apiVersion, version != 0 { out += "\"api_version\":" + String(version) }
                out += "}"
            }
            out += "}"
        }
        for key in context.extra.keys.sorted() where !["director_uuid", "request_id", "vm"].contains(key) {
            out += "," + CPIResponseError.quoted(key) + ":"
            out += context.extra[key, default: .null].jsonText
        }
        out += "}"
    }
}

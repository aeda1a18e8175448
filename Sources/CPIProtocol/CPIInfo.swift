import DeployerSupport

/// The result of `info`: the CPI's contract version and the stemcell formats it accepts.
public struct CPIInfo: Codable, Hashable, Sendable {
    /// Highest CPI API version the CPI supports (absent on the wire means 1).
    public var apiVersion: Int
    /// Stemcell formats the CPI can use, e.g. `["warden-tar", "general-tar"]`.
    public var stemcellFormats: [String]

    /// The highest contract bosh-cli (and this package) speaks.
    public static let maxSupportedAPIVersion = 2

    /// Creates an info result.
    public init(apiVersion: Int = 1, stemcellFormats: [String]) {
        self.apiVersion = apiVersion
        self.stemcellFormats = stemcellFormats
    }

    enum CodingKeys: String, CodingKey {
        case apiVersion = "api_version"
        case stemcellFormats = "stemcell_formats"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try container.decodeIfPresent(Int.self, forKey: .apiVersion) ?? 1
        stemcellFormats = try container.decode([String].self, forKey: .stemcellFormats)
    }

    /// Parses an `info` result exactly as strictly as bosh-cli: an object with a
    /// `stemcell_formats` array of strings and, optionally, a numeric `api_version`.
    ///
    /// - Throws: `CPIError.unexpectedResult` for anything else.
    public init(result: JSONValue) throws(CPIError) {
        func fail(_ expected: String) -> CPIError {
            .unexpectedResult(
                method: CPIMethod.info.rawValue, expected: expected, excerpt: CPIRedactor.excerpt(result.jsonText))
        }
        guard let object = result.objectValue else { throw fail("an object") }
        guard let formats = object["stemcell_formats"]?.arrayValue else { throw fail("a 'stemcell_formats' array") }
        var names: [String] = []
        for format in formats {
            guard let name = format.stringValue else { throw fail("strings in 'stemcell_formats'") }
            names.append(name)
        }
        var version = 1
        if let raw = object["api_version"] {
            switch raw {
            case .int(let value): version = value
            case .double(let value) where value.isFinite && abs(value) < 1e9: version = Int(value)  // Go's int(float64) truncates
            default: throw fail("a number in 'api_version'")
            }
        }
        self.init(apiVersion: version, stemcellFormats: names)
    }

    /// The version to send with every other call: the CPI's, capped at 2 (bosh-cli's
    /// `MaxCpiApiVersionSupported`).
    public var negotiatedAPIVersion: Int { min(apiVersion, Self.maxSupportedAPIVersion) }

    /// create-env's gate, as bosh-cli applies it right after installing the CPI: the negotiated
    /// CPI version must be 2 and the stemcell's API version at least 2 (0 or missing counts as 1).
    ///
    /// - Parameter stemcellAPIVersion: `api_version` from the stemcell's `stemcell.MF`.
    /// - Throws: `CPIError.unsupportedAPIVersion` with bosh-cli's message.
    public func requireRegistrylessContract(stemcellAPIVersion: Int?) throws(CPIError) {
        let stemcell = max(stemcellAPIVersion ?? 1, 1)
        guard negotiatedAPIVersion == Self.maxSupportedAPIVersion, stemcell >= 2 else {
            throw .unsupportedAPIVersion(cpiAPIVersion: negotiatedAPIVersion, stemcellAPIVersion: stemcell)
        }
    }
}

extension CPIInfo: CPIWireResult {
    public init(wireResult result: JSONValue, of method: CPIMethod, apiVersion: Int) throws(CPIError) {
        try self.init(result: result)
    }

    /// `{"api_version":…,"stemcell_formats":[…]}`, whatever the request's version.
    public func wireResult(apiVersion _: Int) -> JSONValue {
        ["api_version": .int(apiVersion), "stemcell_formats": .array(stemcellFormats.map(JSONValue.string))]
    }
}

/// `info`: no arguments, answered with the CPI's API version and stemcell formats.
public struct InfoArguments: CPIMessage {
    public typealias Result = CPIInfo
    public static let method = CPIMethod.info
    /// `info` decides the version of every other call, so it goes out as 1, as bosh-cli sends it.
    public static let fixedAPIVersion: Int? = 1
    /// bosh-cli takes a CPI without `info` for an API v1 CPI with no stemcell formats.
    public static let answerWhenNotImplemented: CPIInfo? = CPIInfo(apiVersion: 1, stemcellFormats: [])

    /// Creates the message.
    public init() {}

    public var wireArguments: [JSONValue] { [] }

    /// Accepts any arguments: `info` has none to read.
    public init(wireArguments: [JSONValue]) {}
}

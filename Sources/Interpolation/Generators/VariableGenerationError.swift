/// Why `BoshVariableGenerator` could not produce a value. Each description is the text
/// bosh-cli's vendored config-server generators give for the same failure, so that operators
/// see the message they know (the vars store adds `Generating variable '<name>': ` in front).
///
/// Descriptions never contain generated secrets or private keys.
public enum VariableGenerationError: Error, CustomStringConvertible, Sendable {
    /// The definition's `type` is not `password`, `certificate`, `rsa` or `ssh`.
    case unsupportedType(String)
    /// The options did not pass config-server's parameter check; `kind` is `password` or
    /// `certificate`, `reason` is the decoding problem.
    case invalidParameters(kind: String, reason: OptionsDecodingProblem)
    /// A password `length` below zero.
    case negativePasswordLength
    /// A password `length` too large to allocate (our own limit; bosh-cli has none).
    case passwordTooLong(Int)
    /// A certificate `key_length` other than 2048, 3072 or 4096.
    case invalidKeyLength(Int)
    /// A certificate `duration` that puts the end of validity past the year 9999 (our own
    /// check; Go silently overflows).
    case durationTooLong(Int)
    /// A leaf certificate (`is_ca` false) without `ca`.
    case missingCAName
    /// An `extended_key_usage` entry other than `client_auth` or `server_auth`.
    case unsupportedExtendedKeyUsage(String)
    /// The `ca` variable could not be used to sign.
    case loadingCertificates(CALoadingProblem)
    /// Key or certificate creation failed; `step` is bosh-cli's wrapper text such as
    /// `Generating certificate`, `detail` the cause.
    case generation(step: String, detail: String)

    public var description: String {
        switch self {
        case .unsupportedType(let type):
            return "Unsupported value type: \(type)"
        case .invalidParameters(let kind, let reason):
            return "Failed to generate \(kind), parameters are invalid: \(reason)"
        case .negativePasswordLength:
            return "Failed to generate password, 'length' param cannot be negative"
        case .passwordTooLong(let length):
            return
                "Failed to generate password, 'length' param \(length) is larger than \(PasswordGenerator.maximumLength)"
        case .invalidKeyLength(let length):
            return "Invalid key_length: \(length).  Must be one of: [2048 3072 4096]"
        case .durationTooLong(let days):
            return "Generating certificate: 'duration' of \(days) days ends after the year 9999"
        case .missingCAName:
            return "Missing required CA name"
        case .unsupportedExtendedKeyUsage(let value):
            return "Unsupported extended key usage value: \(value)"
        case .loadingCertificates(let problem):
            return "Loading certificates: \(problem)"
        case .generation(let step, let detail):
            return "\(step): \(detail)"
        }
    }
}

/// Why a definition's `options` could not be read into config-server's parameter struct
/// (its `objToStruct`: a YAML round trip through Go's yaml.v2).
public enum OptionsDecodingProblem: Error, CustomStringConvertible, Sendable, Equatable {
    /// A key that the generator does not accept.
    case unsupportedParameter(String)
    /// yaml.v2 type errors, each like `line 2: cannot unmarshal !!str `true` into bool`.
    case notDeserializable([String])

    public var description: String {
        switch self {
        case .unsupportedParameter(let key):
            return "Unsupported parameter '\(key)'"
        case .notDeserializable(let errors):
            return "Expected input to be deserializable: " + YAMLv2TypeErrors.text(errors)
        }
    }
}

/// Why the variable named by a certificate's `ca` option cannot sign (bosh-cli's
/// `VarsCertLoader`).
public enum CALoadingProblem: Error, CustomStringConvertible, Sendable {
    /// `lookup` found no value for the name.
    case notFound(name: String)
    /// `lookup` itself failed.
    case lookupFailed(name: String, underlying: any Error)
    /// The value does not have the shape `{certificate: string, private_key: string}`.
    case notDeserializable(name: String, errors: [String])
    /// `certificate` holds no PEM block.
    case certificateNotPEM
    /// `certificate` holds a PEM block that is not an X.509 certificate.
    case certificateUnparsable
    /// `private_key` holds no PEM block.
    case privateKeyNotPEM
    /// `private_key` holds a PEM block that is not a PKCS#1 RSA key; `detail` is Go's reason.
    case privateKeyUnparsable(detail: String)

    public var description: String {
        switch self {
        case .notFound(let name):
            return "Expected to find variable '\(name)' with a certificate"
        case .lookupFailed(_, let underlying):
            return "\(underlying)"
        case .notDeserializable(let name, let errors):
            return "Expected variable '\(name)' to be deserializable: " + YAMLv2TypeErrors.text(errors)
        case .certificateNotPEM:
            return "Certificate did not contain PEM formatted block"
        case .certificateUnparsable:
            return "Parsing certificate: x509: malformed certificate"
        case .privateKeyNotPEM:
            return "Private key did not contain PEM formatted block"
        case .privateKeyUnparsable(let detail):
            return "Parsing private key: \(detail)"
        }
    }
}

/// yaml.v2's `TypeError` text.
enum YAMLv2TypeErrors {
    static func text(_ errors: [String]) -> String {
        "yaml: unmarshal errors:\n  " + errors.joined(separator: "\n  ")
    }
}

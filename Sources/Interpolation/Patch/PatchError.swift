/// A go-patch failure, with go-patch's exact wording (`description`).
public struct PatchError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What went wrong, for callers that react to some failures (e.g. a test `absent` op).
    public enum Kind: Sendable, Hashable {
        /// The pointer text is malformed (`Expected to start with '/'`, modifier errors).
        case invalidPointer
        /// The ops file does not have the shape of a list of operations (yaml.v2 unmarshal error);
        /// bosh-cli wraps it as `Deserializing ops file '<path>'`.
        case deserializing
        /// An operation definition is invalid (`Replace operation [0]: Missing value within ...`);
        /// bosh-cli wraps it as `Building ops`.
        case definition
        /// `Expected to find array index ...`.
        case missingIndex
        /// `Expected to find a map key ...`.
        case missingMapKey
        /// `Expected to find an array / a map at path ...`.
        case typeMismatch
        /// `Expected to find exactly one matching array item ...`.
        case matchCount
        /// A test op's expectation failed, or another go-patch rule was broken.
        case failed
        /// An op failed and carries its description: `Error '<description>': <cause>`.
        case described
    }

    public var kind: Kind
    /// The pointer the error is reported at, when go-patch reports one.
    public var path: Pointer?
    /// The complete message.
    public var message: String

    /// Creates an error of `kind` with `message`, reported at `path`.
    public init(_ kind: Kind, _ message: String, path: Pointer? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
    }

    public var description: String { message }
}

/// Failures of variable flags, sources and `((placeholder))` evaluation, with bosh-cli's texts.
public enum VariableError: Error, CustomStringConvertible, Sendable, Equatable {
    /// `--var-errs` / `--var-errs-unused` found missing and/or unused names (each list sorted).
    case expectations(missing: [String], unused: [String])
    /// An inline placeholder's value is neither a string nor an integer.
    case invalidInlineType(goType: String, value: String, name: String)
    /// A definition's options refer back to the definition itself.
    case recursion
    /// A flag or argument value that cannot be used as given (the message says why).
    case invalidValue(String)
    /// A command-line flag whose value failed to load, in go-flags' words.
    case invalidFlag(flag: String, expectedType: String, reason: String)
    /// A YAML document whose shape does not fit (a vars file that is a list, ...).
    case unexpectedShape(String)

    public var description: String {
        switch self {
        case .expectations(let missing, let unused):
            var parts: [String] = []
            if !missing.isEmpty { parts.append("Expected to find variables: " + missing.joined(separator: "\n")) }
            if !unused.isEmpty { parts.append("Expected to use variables: " + unused.joined(separator: "\n")) }
            return parts.joined(separator: "\n")
        case .invalidInlineType(let goType, let value, let name):
            return "Invalid type '\(goType)' for value '\(value)' and variable '\(name)'. "
                + "Supported types for interpolation within a string are integers and strings."
        case .recursion:
            return "Detected recursion"
        case .invalidValue(let message), .unexpectedShape(let message):
            return message
        case .invalidFlag(let flag, let expectedType, let reason):
            return "invalid argument for flag `\(flag)' (expected \(expectedType)): \(reason)"
        }
    }
}

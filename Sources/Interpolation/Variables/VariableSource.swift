import GoYAML

/// A place variables come from: flags and files (`StaticVariables`), the vars store
/// (`VarsFileStore`), or several of them in order (`MultiVariables`).
public protocol VariableSource: Sendable {
    /// The value of the variable `definition` names.
    ///
    /// - Parameters:
    ///   - definition: the variable's definition (a bare name when the manifest declares none).
    ///   - lookup: finds another variable's value through every source (a certificate's `ca`).
    /// - Returns: the value, or nil when this source does not know the variable.
    /// - Throws: `VariableError` or a wrapped generator / file error.
    func value(for definition: VariableDefinition, lookup: (String) throws -> YAMLNode?) throws -> YAMLNode?

    /// The names this source provides, for `--var-errs-unused`.
    ///
    /// - Throws: when the source cannot be read.
    func names() throws -> [String]
}

import GoYAML

/// One go-patch operation, optionally carrying the description its failures are wrapped in.
public struct Operation: Sendable, Hashable {
    /// What the operation does.
    public enum Kind: Sendable, Hashable {
        /// Sets the value at the path (creating optional parents).
        case replace(value: YAMLNode)
        /// Deletes the value at the path.
        case remove
        /// Checks the value at the path equals `value` (null when nil), or with `absent`
        /// that nothing is there.
        case test(value: YAMLNode?, absent: Bool)
    }

    public var kind: Kind
    public var path: Pointer
    /// When set, a failure reads `Error '<errorMessage>': <go-patch error>`.
    public var errorMessage: String?

    /// An operation of `kind` at `path`.
    public init(_ kind: Kind, path: Pointer, errorMessage: String? = nil) {
        self.kind = kind
        self.path = path
        self.errorMessage = errorMessage
    }

    /// Applies the operation to `document`.
    /// - Throws: `PatchError`; with an `errorMessage`, of kind `.described`.
    public func apply(to document: YAMLNode) throws(PatchError) -> YAMLNode {
        do {
            switch kind {
            case .replace(let value): return try ReplaceOp.apply(path: path, value: value, to: document)
            case .remove: return try RemoveOp.apply(path: path, to: document)
            case .test(let value, let absent):
                return try TestOp.apply(path: path, value: value, absent: absent, to: document)
            }
        } catch {
            guard let errorMessage else { throw error }
            throw PatchError(.described, "Error '\(errorMessage)': \(error.message)", path: error.path)
        }
    }
}

import GoYAML

/// go-patch's test (`test_op.go`): a value check, or an absence check.
enum TestOp {
    static func apply(
        path: Pointer, value: YAMLNode?, absent: Bool, to document: YAMLNode
    ) throws(PatchError) -> YAMLNode {
        if absent {
            do {
                _ = try FindOp(path: path).apply(to: document)
            } catch {
                // Only a missing last step counts as absent; a missing parent is an error.
                if error.kind == .missingIndex || error.kind == .missingMapKey,
                    error.path?.description == path.description
                {
                    return document
                }
                throw error
            }
            throw PatchError(.failed, "Expected to not find '\(path)'", path: path)
        }
        let found = try FindOp(path: path).apply(to: document)
        guard GoValueDescription.deepEqual(found, value ?? .null) else {
            throw PatchError(.failed, "Found value does not match expected value", path: path)
        }
        return document
    }
}

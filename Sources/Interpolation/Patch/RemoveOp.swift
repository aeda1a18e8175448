import GoYAML

/// go-patch's remove (`remove_op.go`).
enum RemoveOp {
    static func apply(path: Pointer, to document: YAMLNode) throws(PatchError) -> YAMLNode {
        guard path.tokens.count > 1 else { throw PatchError(.failed, "Cannot remove entire document") }
        // nil: an optional token found nothing, and the whole op leaves the document as it was.
        return try remove(in: document, at: 1, path: path) ?? document
    }

    private static func remove(in node: YAMLNode, at position: Int, path: Pointer) throws(PatchError) -> YAMLNode? {
        let tokens = path.tokens
        let isLast = position == tokens.count - 1
        let currentPath = path.prefix(position + 1)
        switch tokens[position] {
        case .index(let index, let modifiers):
            let (items, concrete) = try ArrayIndexing.indexed(node, index, modifiers: modifiers, at: currentPath)
            return try remove(item: concrete, of: items, isLast: isLast, at: position, path: path)
        case .matching(let key, let value, let optional, let modifiers):
            let items = try ArrayIndexing.items(of: node, at: currentPath)
            let found = ArrayIndexing.matches(in: items, key: key, value: value)
            if optional && found.isEmpty { return nil }
            guard found.count == 1 else { throw ArrayIndexing.matchCountError(currentPath, found: found.count) }
            let concrete = try ArrayIndexing.concrete(
                found[0], modifiers: modifiers, count: items.count, path: currentPath)
            return try remove(item: concrete, of: items, isLast: isLast, at: position, path: path)
        case .key(let key, let optional):
            guard case .map(var map) = node else { throw ArrayIndexing.mapExpected(currentPath, found: node) }
            guard let existing = map[.string(key)] else {
                if optional { return nil }
                throw ArrayIndexing.mapKeyError(key: key, path: currentPath, map: map)
            }
            if isLast {
                map[.string(key)] = nil
                return .map(map)
            }
            guard let child = try remove(in: existing, at: position + 1, path: path) else { return nil }
            map[.string(key)] = child
            return .map(map)
        case .afterLastIndex:
            throw PatchError(
                .failed, "Expected to not find token 'patch.AfterLastIndexToken' at path '\(currentPath)'",
                path: currentPath)
        case .root:
            throw PatchError(
                .failed, "Expected to not find token 'patch.RootToken' at path '\(currentPath)'", path: currentPath)
        }
    }

    /// Removes the item an index or a `key=value` match found, or removes inside it when the
    /// path goes on.
    private static func remove(
        item index: Int, of items: [YAMLNode], isLast: Bool, at position: Int, path: Pointer
    ) throws(PatchError) -> YAMLNode? {
        var items = items
        if isLast {
            items.remove(at: index)
            return .array(items)
        }
        guard let child = try remove(in: items[index], at: position + 1, path: path) else { return nil }
        items[index] = child
        return .array(items)
    }
}

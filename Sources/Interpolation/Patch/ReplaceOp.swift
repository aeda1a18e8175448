import GoYAML

/// go-patch's replace (`replace_op.go`), written as a walk that rebuilds the changed branch.
enum ReplaceOp {
    static func apply(path: Pointer, value: YAMLNode, to document: YAMLNode) throws(PatchError) -> YAMLNode {
        // go-patch clones the value through a yaml.v2 round trip so later ops never alias it;
        // that round trip also normalizes it (a float 1.0 comes back as the int 1).
        let cloned: YAMLNode
        do {
            cloned = try YAMLCodec.parse(YAMLCodec.emit(value))
        } catch {
            throw PatchError(.failed, "ReplaceOp cloning value: \(error)")
        }
        guard path.tokens.count > 1 else { return cloned }
        return try replace(in: document, at: 1, path: path, value: cloned)
    }

    private static func replace(
        in node: YAMLNode, at position: Int, path: Pointer, value: YAMLNode
    ) throws(PatchError) -> YAMLNode {
        let tokens = path.tokens
        let isLast = position == tokens.count - 1
        let currentPath = path.prefix(position + 1)
        switch tokens[position] {
        case .index(let index, let modifiers):
            guard case .array(var items) = node else { throw ArrayIndexing.arrayExpected(currentPath, found: node) }
            if isLast {
                let target = try ArrayIndexing.insertion(
                    index, modifiers: modifiers, count: items.count, path: currentPath)
                return .array(ArrayIndexing.update(items, at: target, with: value))
            }
            let concrete = try ArrayIndexing.concrete(
                index, modifiers: modifiers, count: items.count, path: currentPath)
            items[concrete] = try replace(in: items[concrete], at: position + 1, path: path, value: value)
            return .array(items)
        case .afterLastIndex:
            guard case .array(var items) = node else { throw ArrayIndexing.arrayExpected(currentPath, found: node) }
            guard isLast else {
                throw PatchError(.failed, "Expected after last index token to be last in path '\(path)'", path: path)
            }
            items.append(value)
            return .array(items)
        case .matching(let key, let matchValue, let optional, let modifiers):
            guard case .array(var items) = node else { throw ArrayIndexing.arrayExpected(currentPath, found: node) }
            let found = ArrayIndexing.matches(in: items, key: key, value: matchValue)
            if optional && found.isEmpty {
                if isLast {
                    items.append(value)
                } else {
                    let created = YAMLNode.map(YAMLMap([.init(key: .string(key), value: .string(matchValue))]))
                    items.append(try replace(in: created, at: position + 1, path: path, value: value))
                }
                return .array(items)
            }
            guard found.count == 1 else { throw ArrayIndexing.matchCountError(currentPath, found: found.count) }
            if isLast {
                let target = try ArrayIndexing.insertion(
                    found[0], modifiers: modifiers, count: items.count, path: currentPath)
                return .array(ArrayIndexing.update(items, at: target, with: value))
            }
            let concrete = try ArrayIndexing.concrete(
                found[0], modifiers: modifiers, count: items.count, path: currentPath)
            items[concrete] = try replace(in: items[concrete], at: position + 1, path: path, value: value)
            return .array(items)
        case .key(let key, let optional):
            guard case .map(var map) = node else { throw ArrayIndexing.mapExpected(currentPath, found: node) }
            let existing = map[.string(key)]
            if existing == nil && !optional {
                throw ArrayIndexing.mapKeyError(key: key, path: currentPath, map: map)
            }
            if isLast {
                map[.string(key)] = value
                return .map(map)
            }
            let child: YAMLNode
            if let existing {
                child = existing
            } else {
                // A missing optional key gets the container the next token needs.
                switch tokens[position + 1] {
                case .afterLastIndex, .matching: child = .array([])
                case .key: child = .map(YAMLMap())
                default:
                    throw PatchError(
                        .failed,
                        "Expected to find key, matching index or after last index token at path '\(path.prefix(position + 2))'",
                        path: path.prefix(position + 2))
                }
            }
            map[.string(key)] = try replace(in: child, at: position + 1, path: path, value: value)
            return .map(map)
        case .root:
            throw PatchError(
                .failed, "Expected to not find token 'patch.RootToken' at path '\(currentPath)'", path: currentPath)
        }
    }
}

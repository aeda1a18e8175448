import GoYAML

/// go-patch's find: the value at a pointer (`bosh int --path`, `((name.sub.key))`).
public struct FindOp: Sendable, Hashable {
    /// Where to look.
    public var path: Pointer

    /// A find at `path`.
    public init(path: Pointer) {
        self.path = path
    }

    /// The value at `path` in `document`.
    ///
    /// An optional missing key gives null (or, before more tokens, an empty container to walk
    /// on); an optional `key=value` with no match gives the map `{key: value}`.
    /// - Throws: `PatchError` with go-patch's message when the path cannot be followed.
    public func apply(to document: YAMLNode) throws(PatchError) -> YAMLNode {
        let tokens = path.tokens
        guard tokens.count > 1 else { return document }
        var node = document
        for position in 1..<tokens.count {
            let isLast = position == tokens.count - 1
            let currentPath = path.prefix(position + 1)
            switch tokens[position] {
            case .index(let index, let modifiers):
                let (items, concrete) = try ArrayIndexing.indexed(node, index, modifiers: modifiers, at: currentPath)
                node = items[concrete]
                if isLast { return node }
            case .afterLastIndex:
                throw PatchError(
                    .failed,
                    "Expected not to find after last index token in path '\(path)' (not supported in find operations)",
                    path: path)
            case .matching(let key, let value, let optional, let modifiers):
                let items = try ArrayIndexing.items(of: node, at: currentPath)
                let found = ArrayIndexing.matches(in: items, key: key, value: value)
                if optional && found.isEmpty {
                    node = .map(YAMLMap([.init(key: .string(key), value: .string(value))]))
                    if isLast { return node }
                } else {
                    guard found.count == 1 else { throw ArrayIndexing.matchCountError(currentPath, found: found.count) }
                    let concrete = try ArrayIndexing.concrete(
                        found[0], modifiers: modifiers, count: items.count, path: currentPath)
                    node = items[concrete]
                    if isLast { return node }
                }
            case .key(let key, let optional):
                guard case .map(let map) = node else { throw ArrayIndexing.mapExpected(currentPath, found: node) }
                let value = map[.string(key)]
                if value == nil && !optional {
                    throw ArrayIndexing.mapKeyError(key: key, path: currentPath, map: map)
                }
                if isLast { return value ?? .null }
                if let value {
                    node = value
                } else {
                    switch tokens[position + 1] {
                    case .matching: node = .array([])
                    case .key: node = .map(YAMLMap())
                    default:
                        throw PatchError(
                            .failed,
                            "Expected to find key or matching index token at path '\(path.prefix(position + 2))'",
                            path: path.prefix(position + 2))
                    }
                }
            case .root:
                throw PatchError(
                    .failed, "Expected to not find token 'patch.RootToken' at path '\(currentPath)'", path: currentPath)
            }
        }
        return document
    }
}

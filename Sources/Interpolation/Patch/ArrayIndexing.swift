import GoYAML

/// go-patch's index arithmetic (`array_index.go`, `array_insertion.go`).
enum ArrayIndexing {
    /// The element position for `index` moved by `:prev`/`:next` (negative counts from the end).
    static func concrete(
        _ index: Int, modifiers: [Pointer.Modifier], count: Int, path: Pointer
    ) throws(PatchError) -> Int {
        var result = index
        for modifier in modifiers {
            switch modifier {
            case .prev: result -= 1
            case .next: result += 1
            case .before, .after:
                throw PatchError(
                    .failed,
                    "Expected to find one of the following modifiers: 'prev', 'next', but found modifier '\(modifier.goTypeName)'"
                )
            }
        }
        if result >= count || (-result) - 1 >= count {
            throw PatchError(
                .missingIndex,
                "Expected to find array index '\(result)' but found array of length '\(count)' for path '\(path)'",
                path: path)
        }
        return result < 0 ? count + result : result
    }

    /// Where a replace writes: the position, and whether it inserts (`:before` / `:after`)
    /// rather than overwrites.
    static func insertion(
        _ index: Int, modifiers: [Pointer.Modifier], count: Int, path: Pointer
    ) throws(PatchError) -> (position: Int, insert: Bool) {
        var moves: [Pointer.Modifier] = []
        var before = false
        var after = false
        for modifier in modifiers {
            if before {
                throw PatchError(
                    .failed,
                    "Expected to not find any modifiers after 'before' modifier, but found modifier '\(modifier.goTypeName)'"
                )
            }
            if after {
                throw PatchError(
                    .failed,
                    "Expected to not find any modifiers after 'after' modifier, but found modifier '\(modifier.goTypeName)'"
                )
            }
            switch modifier {
            case .before: before = true
            case .after: after = true
            default: moves.append(modifier)
            }
        }
        var position = try concrete(index, modifiers: moves, count: count, path: path)
        if after && position != count { position += 1 }
        return (position, before || after)
    }

    /// Writes `value` into `array` at `target`.
    static func update(
        _ array: [YAMLNode], at target: (position: Int, insert: Bool), with value: YAMLNode
    ) -> [YAMLNode] {
        var result = array
        if target.insert {
            result.insert(value, at: target.position)
        } else {
            result[target.position] = value
        }
        return result
    }

    /// The positions of the elements that are maps whose string `key` holds the string `value`.
    static func matches(in array: [YAMLNode], key: String, value: String) -> [Int] {
        array.indices.filter { array[$0].mapValue?[.string(key)] == .string(value) }
    }

    static func mapKeyError(key: String, path: Pointer, map: YAMLMap) -> PatchError {
        let siblings: String
        if map.isEmpty {
            siblings = "found no other map keys"
        } else {
            // Go's sort.Strings orders by bytes, as does comparing UTF-8 arrays.
            let keys = map.keys.compactMap(\.stringValue).sorted {
                Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8))
            }
            siblings = "found map keys: '" + keys.joined(separator: "', '") + "'"
        }
        return PatchError(
            .missingMapKey, "Expected to find a map key '\(key)' for path '\(path)' (\(siblings))", path: path)
    }

    /// The items of the array `node`, which `path` reached.
    /// - Throws: go-patch's type mismatch when `node` is not an array.
    static func items(of node: YAMLNode, at path: Pointer) throws(PatchError) -> [YAMLNode] {
        guard case .array(let items) = node else { throw arrayExpected(path, found: node) }
        return items
    }

    /// The items of the array `node` and the position an index token (`/2`, `/-1:prev`) names.
    /// - Throws: go-patch's errors for a non-array and an index out of range.
    static func indexed(
        _ node: YAMLNode, _ index: Int, modifiers: [Pointer.Modifier], at path: Pointer
    ) throws(PatchError) -> (items: [YAMLNode], position: Int) {
        let items = try items(of: node, at: path)
        return (items, try concrete(index, modifiers: modifiers, count: items.count, path: path))
    }

    static func arrayExpected(_ path: Pointer, found node: YAMLNode) -> PatchError {
        PatchError(
            .typeMismatch,
            "Expected to find an array at path '\(path)' but found '\(GoValueDescription.typeName(node))'", path: path)
    }

    static func mapExpected(_ path: Pointer, found node: YAMLNode) -> PatchError {
        PatchError(
            .typeMismatch, "Expected to find a map at path '\(path)' but found '\(GoValueDescription.typeName(node))'",
            path: path)
    }

    static func matchCountError(_ path: Pointer, found: Int) -> PatchError {
        PatchError(
            .matchCount, "Expected to find exactly one matching array item for path '\(path)' but found \(found)",
            path: path)
    }
}

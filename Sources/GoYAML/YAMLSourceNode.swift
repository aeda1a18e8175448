/// A YAML document as written: the tree yaml.v2 decodes (anchors, aliases and `<<` merge
/// keys resolved, the last of duplicate keys kept), with each scalar's text and tag beside
/// the value it decodes to.
///
/// Go programs that decode into typed structs (bosh-cli reading `release.MF`, job specs)
/// see a scalar's *text* in a `string` field — an unquoted `version: 1.10` is `"1.10"`, not
/// the float `1.1` — and its decoded value in an `interface{}` field (a property's
/// `default`). This tree gives both, from one parse with `YAMLCodec`'s rules.
public indirect enum YAMLSourceNode: Sendable, Hashable {
    case scalar(YAMLScalar)
    case sequence([YAMLSourceNode])
    case mapping(YAMLSourceMap)

    /// The value yaml.v2 decodes into `interface{}` (what `YAMLCodec.parse` returns).
    public var value: YAMLNode {
        switch self {
        case .scalar(let scalar): scalar.value
        case .sequence(let items): .array(items.map(\.value))
        case .mapping(let map):
            .map(YAMLMap(uniqueEntries: map.entries.map { .init(key: $0.key.value, value: $0.value.value) }))
        }
    }

    /// What yaml.v2 puts in a Go `string` field: the scalar's text (a `!!binary` scalar
    /// decoded), nil for null, a sequence or a mapping.
    public var text: String? {
        guard case .scalar(let scalar) = self, scalar.value != .null else { return nil }
        return scalar.tag == YAMLScalarResolver.binaryTag ? scalar.value.stringValue : scalar.text
    }

    /// The mapping, when this node is one.
    public var mappingValue: YAMLSourceMap? {
        if case .mapping(let map) = self { return map }
        return nil
    }

    /// The items, when this node is a sequence.
    public var sequenceValue: [YAMLSourceNode]? {
        if case .sequence(let items) = self { return items }
        return nil
    }

    /// The value under the string key `key`, when this node is a mapping holding it.
    public subscript(key: String) -> YAMLSourceNode? {
        mappingValue?[key]
    }
}

/// One scalar as written and as decoded.
public struct YAMLScalar: Sendable, Hashable {
    /// The scalar's text (after YAML's quoting and folding rules).
    public var text: String
    /// Its explicit tag in full form (`tag:yaml.org,2002:binary`), or "" when untagged.
    public var tag: String
    /// What yaml.v2 decodes it to.
    public var value: YAMLNode
}

/// A mapping as written, in document order, keys unique by their decoded value.
public struct YAMLSourceMap: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var key: YAMLSourceNode
        public var value: YAMLSourceNode
    }

    public private(set) var entries: [Entry] = []

    /// The value under the key that decodes to `key`.
    public subscript(decodedKey key: YAMLNode) -> YAMLSourceNode? {
        entries.first(where: { $0.key.value == key })?.value
    }

    /// The value under the string key `key`, or nil.
    public subscript(key: String) -> YAMLSourceNode? {
        self[decodedKey: .string(key)]
    }

    /// Sets the value of `key`; an existing key (by decoded value) keeps its place and gets
    /// the new value, as yaml.v2 keeps the last of duplicate keys.
    mutating func set(_ value: YAMLSourceNode, for key: YAMLSourceNode) {
        let decoded = key.value
        if let index = entries.firstIndex(where: { $0.key.value == decoded }) {
            entries[index].value = value
        } else {
            entries.append(Entry(key: key, value: value))
        }
    }
}

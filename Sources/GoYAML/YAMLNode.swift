/// A YAML value as bosh-cli sees it (Go `yaml.v2` decoding into `interface{}`): null, bools,
/// integers, floats, strings, arrays, and maps whose keys may be any scalar.
///
/// Maps keep the order of their keys as written, so that error messages and manifest
/// validation can follow the document; output sorts keys the way bosh-cli does.
public indirect enum YAMLNode: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    /// An integer above `Int.max` that fits 64 unsigned bits: yaml.v2 decodes it as a Go
    /// `uint64` (`18446744073709551615`, `0xFFFFFFFFFFFFFFFF`). Only for those: a value that
    /// fits an `Int` is always `.int` (see `integer(_:)`).
    case uint(UInt64)
    case float(Double)
    case string(String)
    case array([YAMLNode])
    case map(YAMLMap)
}

/// An ordered YAML mapping. Keys are unique; setting an existing key replaces its value in place.
public struct YAMLMap: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var key: YAMLNode
        public var value: YAMLNode

        public init(key: YAMLNode, value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }

    public private(set) var entries: [Entry]

    public init(_ entries: [Entry] = []) {
        self.entries = []
        for entry in entries { self[entry.key] = entry.value }
    }

    /// A map of entries whose keys are known to be unique (no check, no copy per key).
    init(uniqueEntries entries: [Entry]) {
        self.entries = entries
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }
    public var keys: [YAMLNode] { entries.map(\.key) }

    /// The value under `key`, or nil; assigning nil removes the key.
    public subscript(key: YAMLNode) -> YAMLNode? {
        get { entries.first(where: { $0.key == key })?.value }
        set {
            let index = entries.firstIndex(where: { $0.key == key })
            switch (index, newValue) {
            case let (index?, value?): entries[index].value = value
            case let (index?, nil): entries.remove(at: index)
            case let (nil, value?): entries.append(Entry(key: key, value: value))
            case (nil, nil): break
            }
        }
    }

    /// The value under the string key `key`, or nil.
    public subscript(key: String) -> YAMLNode? {
        get { self[.string(key)] }
        set { self[.string(key)] = newValue }
    }
}

extension YAMLNode {
    /// A whole number as `.int` when it fits, else `.uint`: the only way `.uint` should be made.
    public static func integer(_ value: UInt64) -> YAMLNode {
        Int(exactly: value).map(YAMLNode.int) ?? .uint(value)
    }

    /// The string, when this node is a string scalar.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The map, when this node is a map.
    public var mapValue: YAMLMap? {
        if case .map(let value) = self { return value }
        return nil
    }

    /// The elements, when this node is an array.
    public var arrayValue: [YAMLNode]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The value under string key `key`, when this node is a map holding it.
    public subscript(key: String) -> YAMLNode? {
        mapValue?[key]
    }
}

/// What `YAMLComposer` builds: the decoded values alone (`YAMLNode`, for interpolation), or
/// the same tree with each scalar's text (`YAMLSourceNode`, for typed readers). One composer
/// holds the yaml.v2 rules for both.
protocol ComposableTree: Sendable {
    associatedtype Mapping: ComposableMapping where Mapping.Node == Self
    static func scalar(_ scalar: YAMLScalar) -> Self
    static func sequence(_ items: [Self]) -> Self
    static func mapping(_ map: Mapping) -> Self
    /// The mapping, when this node is one (merge keys copy its entries).
    var composedMapping: Mapping? { get }
    /// Whether this node is a sequence, or a mapping; nil for a scalar (map keys must be scalars).
    var collectionIsSequence: Bool? { get }
}

/// A mapping under construction: the last of duplicate keys wins, in place.
protocol ComposableMapping: Sendable {
    associatedtype Node
    static func empty() -> Self
    mutating func set(_ value: Node, for key: Node)
    var pairs: [(key: Node, value: Node)] { get }
}

extension YAMLNode: ComposableTree {
    static func scalar(_ scalar: YAMLScalar) -> YAMLNode { scalar.value }
    static func sequence(_ items: [YAMLNode]) -> YAMLNode { .array(items) }
    static func mapping(_ map: YAMLMap) -> YAMLNode { .map(map) }
    var composedMapping: YAMLMap? { mapValue }
    var collectionIsSequence: Bool? {
        switch self {
        case .array: true
        case .map: false
        default: nil
        }
    }
}

extension YAMLMap: ComposableMapping {
    typealias Node = YAMLNode
    static func empty() -> YAMLMap { YAMLMap() }
    mutating func set(_ value: YAMLNode, for key: YAMLNode) { self[key] = value }
    var pairs: [(key: YAMLNode, value: YAMLNode)] { entries.map { ($0.key, $0.value) } }
}

extension YAMLSourceNode: ComposableTree {
    var composedMapping: YAMLSourceMap? { mappingValue }
    var collectionIsSequence: Bool? {
        switch self {
        case .sequence: true
        case .mapping: false
        case .scalar: nil
        }
    }
}

extension YAMLSourceMap: ComposableMapping {
    typealias Node = YAMLSourceNode
    static func empty() -> YAMLSourceMap { YAMLSourceMap() }
    var pairs: [(key: YAMLSourceNode, value: YAMLSourceNode)] { entries.map { ($0.key, $0.value) } }
}

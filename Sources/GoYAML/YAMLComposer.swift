internal import CYaml

/// Builds a `YAMLNode` from libyaml's event stream the way Go `yaml.v2` unmarshals into
/// `interface{}`: first document only, anchors and aliases, `<<` merge keys, duplicate keys
/// (the last one wins), and `yaml.v2`'s error wording and line numbers.
///
/// It drives the libyaml copy that Yams ships (`CYaml`) directly rather than Yams' `Parser`,
/// because that parser rejects duplicate keys (yaml.v2 accepts them) and does not expose the
/// libyaml error kind and marks that yaml.v2 turns into line numbers.
final class YAMLComposer<Node: ComposableTree> {
    private var parser = yaml_parser_t()
    /// Anchored values; nil while the anchored node is still being read (an alias to it
    /// then means the value contains itself).
    private var anchors: [String: Node?] = [:]
    /// Whether each anchored node is a mapping (merge keys accept only mappings).
    private var anchorIsMap: [String: Bool] = [:]
    /// How many nodes each anchored value holds, counting nested ones.
    private var anchorSizes: [String: Int] = [:]
    /// Nodes decoded so far, aliases expanded, and how many of them came through aliases:
    /// yaml.v2 refuses documents that are mostly alias expansions ("billion laughs").
    private var decodeCount = 0
    private var aliasCount = 0
    /// The decode count at which each open anchored node started.
    private var anchorStarts: [String: Int] = [:]

    /// Parses `bytes` and returns the value of its first document (`.null` when there is none).
    static func compose(_ bytes: [UInt8]) throws(YAMLSyntaxError) -> Node {
        let composer = YAMLComposer()
        return try composer.run(bytes)
    }

    private init() {}

    deinit { yaml_parser_delete(&parser) }

    private func run(_ bytes: [UInt8]) throws(YAMLSyntaxError) -> Node {
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLSyntaxError(problem: "cannot initialize the YAML parser")
        }
        // No encoding is set, so libyaml picks it from a byte-order mark as yaml.v2 does:
        // a UTF-8 BOM is skipped, UTF-16 LE/BE text after its BOM is read as such, and
        // anything else is UTF-8 (invalid bytes are then an error, as in yaml.v2).
        // libyaml reads from the buffer lazily: it must stay alive for the whole parse.
        let result: Result<Node, YAMLSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            do throws(YAMLSyntaxError) {
                return .success(try document())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func document() throws(YAMLSyntaxError) -> Node {
        var event = try next()
        defer { yaml_event_delete(&event) }
        guard event.type == YAML_STREAM_START_EVENT else { return Self.null }
        var start = try next()
        defer { yaml_event_delete(&start) }
        guard start.type == YAML_DOCUMENT_START_EVENT else { return Self.null }
        var first = try next()
        let root = try node(from: &first)
        var end = try next()
        yaml_event_delete(&end)
        return root.value
    }

    /// A composed value, and whether it was written as a mapping (for merge checks).
    private struct Composed {
        var value: Node
        var isMap: Bool
        var isAliasOfNonMap: Bool = false
    }

    /// Reads the node starting with `event` (which it releases).
    private func node(from event: inout yaml_event_t) throws(YAMLSyntaxError) -> Composed {
        defer { yaml_event_delete(&event) }
        if event.type != YAML_ALIAS_EVENT {
            decodeCount += 1
            try checkAliasing()
        }
        switch event.type {
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let entry = anchors[name] else {
                throw YAMLSyntaxError(problem: "unknown anchor '\(name)' referenced")
            }
            guard let value = entry else {
                throw YAMLSyntaxError(problem: "anchor '\(name)' value contains itself")
            }
            let isMap = anchorIsMap[name] ?? false
            let size = anchorSizes[name] ?? 1
            decodeCount += size
            aliasCount += size
            try checkAliasing()
            return Composed(value: value, isMap: isMap, isAliasOfNonMap: !isMap)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text =
                scalar.value.map {
                    String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self)
                } ?? ""
            let tag = Self.string(scalar.tag) ?? ""
            let value = try YAMLScalarResolver.decode(text, tag: tag, plain: scalar.plain_implicit != 0)
            let composed = Composed(value: .scalar(YAMLScalar(text: text, tag: tag, value: value)), isMap: false)
            if let anchor = Self.string(scalar.anchor) { register(anchor, composed) }
            return composed
        case YAML_SEQUENCE_START_EVENT:
            let anchor = Self.string(event.data.sequence_start.anchor)
            if let anchor { open(anchor) }
            let composed = Composed(value: .sequence(try sequenceItems().map(\.value)), isMap: false)
            if let anchor { register(anchor, composed) }
            return composed
        case YAML_MAPPING_START_EVENT:
            let anchor = Self.string(event.data.mapping_start.anchor)
            if let anchor { open(anchor) }
            var map = Node.Mapping.empty()
            while true {
                var keyEvent = try next()
                if keyEvent.type == YAML_MAPPING_END_EVENT {
                    yaml_event_delete(&keyEvent)
                    break
                }
                let isMerge = Self.isMergeKey(keyEvent)
                let key = try node(from: &keyEvent)
                var valueEvent = try next()
                if isMerge {
                    try merge(into: &map, from: &valueEvent)
                    continue
                }
                let value = try node(from: &valueEvent)
                if let isSequence = key.value.collectionIsSequence {
                    throw YAMLSyntaxError(problem: "invalid map key: \(Self.goSyntax(isSequence: isSequence))")
                }
                map.set(value.value, for: key.value)
            }
            let composed = Composed(value: .mapping(map), isMap: true)
            if let anchor { register(anchor, composed) }
            return composed
        default:
            throw YAMLSyntaxError(problem: "unexpected event in the YAML stream")
        }
    }

    /// `<<: value`: copies the keys of a map, or of each map in a list (earlier maps win).
    private func merge(into map: inout Node.Mapping, from event: inout yaml_event_t) throws(YAMLSyntaxError) {
        let wantMap = YAMLSyntaxError(problem: "map merge requires map or sequence of maps as the value")
        let isSequence = event.type == YAML_SEQUENCE_START_EVENT
        if !isSequence {
            let source = try node(from: &event)
            guard source.isMap, let entries = source.value.composedMapping else { throw wantMap }
            for entry in entries.pairs { map.set(entry.value, for: entry.key) }
            return
        }
        // Read the items one by one to know which were written as maps or aliases of maps.
        let anchor = Self.string(event.data.sequence_start.anchor)
        yaml_event_delete(&event)
        let sources = try sequenceItems()
        if let anchor { register(anchor, Composed(value: .sequence(sources.map(\.value)), isMap: false)) }
        for source in sources.reversed() {
            guard source.isMap, let entries = source.value.composedMapping else { throw wantMap }
            for entry in entries.pairs { map.set(entry.value, for: entry.key) }
        }
    }

    /// The items of the sequence whose start event was just read, up to and including its end event.
    private func sequenceItems() throws(YAMLSyntaxError) -> [Composed] {
        var items: [Composed] = []
        while true {
            var child = try next()
            if child.type == YAML_SEQUENCE_END_EVENT {
                yaml_event_delete(&child)
                return items
            }
            items.append(try node(from: &child))
        }
    }

    /// Marks `anchor` as being read (an alias to it now means the value contains itself).
    private func open(_ anchor: String) {
        anchors[anchor] = .some(nil)
        anchorStarts[anchor] = decodeCount
    }

    private func register(_ anchor: String, _ composed: Composed) {
        anchors[anchor] = .some(composed.value)
        anchorIsMap[anchor] = composed.isMap
        anchorSizes[anchor] = decodeCount - (anchorStarts.removeValue(forKey: anchor) ?? decodeCount) + 1
    }

    /// yaml.v2's limit on alias expansion (`decode.go` `allowedAliasRatio`).
    private func checkAliasing() throws(YAMLSyntaxError) {
        guard aliasCount > 100 && decodeCount > 1000 else { return }
        let allowed: Double
        switch decodeCount {
        case ...400_000: allowed = 0.99
        case 4_000_000...: allowed = 0.10
        default: allowed = 0.99 - 0.89 * (Double(decodeCount - 400_000) / 3_600_000)
        }
        if Double(aliasCount) / Double(decodeCount) > allowed {
            throw YAMLSyntaxError(problem: "document contains excessive aliasing")
        }
    }

    /// A plain (or `!!merge`-tagged) `<<` key.
    private static func isMergeKey(_ event: yaml_event_t) -> Bool {
        guard event.type == YAML_SCALAR_EVENT else { return false }
        let scalar = event.data.scalar
        guard scalar.length == 2, let value = scalar.value,
            value[0] == UInt8(ascii: "<"), value[1] == UInt8(ascii: "<")
        else { return false }
        return scalar.plain_implicit != 0 || string(scalar.tag) == YAMLScalarResolver.mergeTag
    }

    private func next() throws(YAMLSyntaxError) -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { throw failure() }
        return event
    }

    /// yaml.v2's `parser.fail()`: the problem mark's 0-based line, plus one for scanner errors
    /// only; else the context mark's line; no line when that is 0.
    private func failure() -> YAMLSyntaxError {
        var line = 0
        if parser.problem_mark.line != 0 {
            line = parser.problem_mark.line
            if parser.error == YAML_SCANNER_ERROR { line += 1 }
        } else if parser.context_mark.line != 0 {
            line = parser.context_mark.line
        }
        let problem = parser.problem.map { String(cString: $0) } ?? ""
        return YAMLSyntaxError(
            line: line == 0 ? nil : line,
            problem: problem.isEmpty ? "unknown problem parsing YAML content" : problem)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// Go's `%#v` is not worth reproducing for a key that is a collection; a short form will do.
    private static func goSyntax(isSequence: Bool) -> String {
        isSequence ? "[]interface {}{...}" : "map[interface {}]interface {}{...}"
    }

    /// An empty document's value.
    private static var null: Node { .scalar(YAMLScalar(text: "", tag: "", value: .null)) }
}

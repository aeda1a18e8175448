import GoYAML

/// Where Go's yaml.v2 puts each node when it marshals a value, and how it writes scalars.
///
/// config-server reads options by marshalling them with yaml.v2 and unmarshalling the text
/// into a struct; yaml.v2's type errors name the line of the offending node in that text.
/// This reproduces the block layout (sorted keys, one line per scalar, nested collections
/// starting on the next line, `{}`/`[]` for empty ones, literal blocks for multi-line
/// strings). It does not reproduce yaml.v2's folding of plain strings longer than 80 columns.
enum YAMLv2Layout {
    /// One map entry in output order, with the 1-based line its value node starts on.
    struct PlacedEntry {
        var key: YAMLNode
        var value: YAMLNode
        var valueLine: Int
    }

    /// The entries of `map` in yaml.v2's order, for a map whose first key is on `line`.
    static func entries(of map: YAMLMap, firstLine line: Int) -> [PlacedEntry] {
        var placed: [PlacedEntry] = []
        var keyLine = line
        for entry in map.entries.sorted(by: { keyLess($0.key, $1.key) }) {
            let nested = isNonEmptyCollection(entry.value)
            placed.append(PlacedEntry(key: entry.key, value: entry.value, valueLine: keyLine + (nested ? 1 : 0)))
            keyLine += (nested ? 1 : 0) + lineCount(entry.value)
        }
        return placed
    }

    /// The 1-based line of each element of `array`, for a sequence whose first `-` is on `line`.
    static func elementLines(of array: [YAMLNode], firstLine line: Int) -> [Int] {
        var lines: [Int] = []
        var current = line
        for element in array {
            lines.append(current)
            current += lineCount(element)
        }
        return lines
    }

    /// Lines `node` occupies in block style.
    static func lineCount(_ node: YAMLNode) -> Int {
        switch node {
        case .map(let map):
            if map.isEmpty { return 1 }
            return map.entries.reduce(0) { $0 + (isNonEmptyCollection($1.value) ? 1 : 0) + lineCount($1.value) }
        case .array(let array):
            if array.isEmpty { return 1 }
            return array.reduce(0) { $0 + lineCount($1) }
        case .string(let text) where text.unicodeScalars.contains("\n"):
            // Literal block: the indicator line, then one line per content line. Count
            // scalars, not Characters: "\r\n" is one Character.
            var pieces = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            if pieces.last?.isEmpty == true { pieces.removeLast() }
            return 1 + pieces.count
        default:
            return 1
        }
    }

    static func isNonEmptyCollection(_ node: YAMLNode) -> Bool {
        switch node {
        case .map(let map): return !map.isEmpty
        case .array(let array): return !array.isEmpty
        default: return false
        }
    }
}

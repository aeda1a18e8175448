/// Writes a `YAMLNode` exactly as Go `yaml.v2`'s `Marshal` does: the block-style events
/// `yaml.v2` produces, written by its port of libyaml's emitter (2-space indent, 80-column
/// folding of plain and quoted scalars, literal blocks for multi-line strings, `{}` / `[]`
/// for empty collections, map keys in `yaml.v2`'s sort order).
struct YAMLEmitter {
    private enum ScalarStyle { case plain, singleQuoted, doubleQuoted, literal }

    /// What libyaml's `yaml_emitter_analyze_scalar` learns about a value.
    private struct Analysis {
        var multiline = false
        var flowPlainAllowed = false
        var blockPlainAllowed = true
        var singleQuotedAllowed = true
        var blockAllowed = false
    }

    private let bestIndent = 2
    private let bestWidth = 80

    private var output: [UInt8] = []
    private var indents: [Int] = []
    private var indent = -1
    private var flowLevel = 0
    private var column = 0
    private var whitespace = true
    private var indention = true
    private var mappingContext = false
    private var simpleKeyContext = false

    /// The YAML text of one document holding `node`.
    static func emit(_ node: YAMLNode) -> String {
        var emitter = YAMLEmitter()
        emitter.emitNode(node, mapping: false, simpleKey: false)
        emitter.writeIndent()
        return String(decoding: emitter.output, as: UTF8.self)
    }

    // MARK: Nodes

    private mutating func emitNode(_ node: YAMLNode, mapping: Bool, simpleKey: Bool) {
        mappingContext = mapping
        simpleKeyContext = simpleKey
        switch node {
        case .null: emitScalar("null", requested: .plain)
        case .bool(let value): emitScalar(value ? "true" : "false", requested: .plain)
        case .int(let value): emitScalar(String(value), requested: .plain)
        case .uint(let value): emitScalar(String(value), requested: .plain)
        case .float(let value): emitScalar(GoFloatFormat.yamlString(value), requested: .plain)
        case .string(let value): emitString(value)
        case .array(let items): emitSequence(items)
        case .map(let map): emitMapping(map)
        }
    }

    /// yaml.v2 `encoder.stringv`: plain unless the text would read back as another type.
    private mutating func emitString(_ value: String) {
        let canUsePlain = YAMLScalarResolver.resolvePlain(value).kind == .string && !Self.isBase60Float(value)
        // Bytes, not Characters: "\r\n" is a single Character that does not "contain" "\n".
        if value.utf8.contains(UInt8(ascii: "\n")) {
            emitScalar(value, requested: .literal)
        } else {
            emitScalar(value, requested: canUsePlain ? .plain : .doubleQuoted)
        }
    }

    private mutating func emitSequence(_ items: [YAMLNode]) {
        if flowLevel > 0 || items.isEmpty {
            emitEmptyFlowCollection(open: "[", close: "]")
            return
        }
        increaseIndent(flow: false, indentless: mappingContext && !indention)
        for item in items {
            writeIndent()
            writeIndicator("-", needWhitespace: true, isWhitespace: false, isIndention: true)
            emitNode(item, mapping: false, simpleKey: false)
        }
        popIndent()
    }

    private mutating func emitMapping(_ map: YAMLMap) {
        if flowLevel > 0 || map.isEmpty {
            emitEmptyFlowCollection(open: "{", close: "}")
            return
        }
        increaseIndent(flow: false, indentless: false)
        for entry in YAMLKeySorter.sorted(map.entries) {
            writeIndent()
            if isSimpleKey(entry.key) {
                emitNode(entry.key, mapping: true, simpleKey: true)
                writeIndicator(":", needWhitespace: false, isWhitespace: false, isIndention: false)
            } else {
                writeIndicator("?", needWhitespace: true, isWhitespace: false, isIndention: true)
                emitNode(entry.key, mapping: true, simpleKey: false)
                writeIndent()
                writeIndicator(":", needWhitespace: true, isWhitespace: false, isIndention: true)
            }
            emitNode(entry.value, mapping: true, simpleKey: false)
        }
        popIndent()
    }

    /// `[]` or `{}`, with libyaml's indent and flow level around them: yaml.v2 never emits a
    /// non-empty flow collection.
    private mutating func emitEmptyFlowCollection(open: String, close: String) {
        writeIndicator(open, needWhitespace: true, isWhitespace: true, isIndention: false)
        increaseIndent(flow: true, indentless: false)
        flowLevel += 1
        flowLevel -= 1
        popIndent()
        writeIndicator(close, needWhitespace: false, isWhitespace: false, isIndention: false)
    }

    /// libyaml `yaml_emitter_check_simple_key` for the scalar keys yaml.v2 produces.
    private func isSimpleKey(_ key: YAMLNode) -> Bool {
        switch key {
        case .string(let value):
            let bytes = Array(value.utf8)
            return !Self.analyze(bytes).multiline && bytes.count <= 128
        case .array(let items): return items.isEmpty
        case .map(let map): return map.isEmpty
        default: return true
        }
    }

    // MARK: Scalars

    private mutating func emitScalar(_ text: String, requested: ScalarStyle) {
        let value = Array(text.utf8)
        let analysis = Self.analyze(value)
        var style = requested
        if simpleKeyContext && analysis.multiline { style = .doubleQuoted }
        if style == .plain {
            if (flowLevel > 0 && !analysis.flowPlainAllowed) || (flowLevel == 0 && !analysis.blockPlainAllowed) {
                style = .singleQuoted
            }
            if value.isEmpty && (flowLevel > 0 || simpleKeyContext) { style = .singleQuoted }
        }
        if style == .singleQuoted && !analysis.singleQuotedAllowed { style = .doubleQuoted }
        if style == .literal && (!analysis.blockAllowed || flowLevel > 0 || simpleKeyContext) {
            style = .doubleQuoted
        }
        increaseIndent(flow: true, indentless: false)
        switch style {
        case .plain: writePlain(value, allowBreaks: !simpleKeyContext)
        case .singleQuoted: writeSingleQuoted(value, allowBreaks: !simpleKeyContext)
        case .doubleQuoted: writeDoubleQuoted(value, allowBreaks: !simpleKeyContext)
        case .literal: writeLiteral(value)
        }
        popIndent()
    }

    private static func analyze(_ value: [UInt8]) -> Analysis {
        guard !value.isEmpty else {
            return Analysis(
                multiline: false, flowPlainAllowed: false, blockPlainAllowed: true,
                singleQuotedAllowed: true, blockAllowed: false)
        }
        var blockIndicators = false
        var flowIndicators = false
        var lineBreaks = false
        var specialCharacters = false
        var leadingSpace = false
        var leadingBreak = false
        var trailingSpace = false
        var trailingBreak = false
        var breakSpace = false
        var spaceBreak = false
        var previousSpace = false
        var previousBreak = false

        if value.count >= 3 {
            let prefix = value[0..<3]
            if prefix.elementsEqual("---".utf8) || prefix.elementsEqual("...".utf8) {
                blockIndicators = true
                flowIndicators = true
            }
        }
        var precededByWhitespace = true
        var index = 0
        while index < value.count {
            let width = YAMLBytes.width(value[index])
            let followedByWhitespace = index + width >= value.count || YAMLBytes.isBlank(value, index + width)
            let byte = value[index]
            if index == 0 {
                switch byte {
                case UInt8(ascii: "#"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
                    UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "&"), UInt8(ascii: "*"),
                    UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
                    UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
                    flowIndicators = true
                    blockIndicators = true
                case UInt8(ascii: "?"), UInt8(ascii: ":"):
                    flowIndicators = true
                    if followedByWhitespace { blockIndicators = true }
                case UInt8(ascii: "-"):
                    if followedByWhitespace {
                        flowIndicators = true
                        blockIndicators = true
                    }
                default: break
                }
            } else {
                switch byte {
                case UInt8(ascii: ","), UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "]"),
                    UInt8(ascii: "{"), UInt8(ascii: "}"):
                    flowIndicators = true
                case UInt8(ascii: ":"):
                    flowIndicators = true
                    if followedByWhitespace { blockIndicators = true }
                case UInt8(ascii: "#"):
                    if precededByWhitespace {
                        flowIndicators = true
                        blockIndicators = true
                    }
                default: break
                }
            }
            if !YAMLBytes.isPrintable(value, index) { specialCharacters = true }
            if byte == UInt8(ascii: " ") {
                if index == 0 { leadingSpace = true }
                if index + width == value.count { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if YAMLBytes.isBreak(value, index) {
                lineBreaks = true
                if index == 0 { leadingBreak = true }
                if index + width == value.count { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false
                previousBreak = true
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = YAMLBytes.isBlankOrBreak(value, index)
            index += width
        }
        var analysis = Analysis(
            multiline: lineBreaks, flowPlainAllowed: true, blockPlainAllowed: true,
            singleQuotedAllowed: true, blockAllowed: true)
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak {
            analysis.flowPlainAllowed = false
            analysis.blockPlainAllowed = false
        }
        if trailingSpace { analysis.blockAllowed = false }
        if breakSpace {
            analysis.flowPlainAllowed = false
            analysis.blockPlainAllowed = false
            analysis.singleQuotedAllowed = false
        }
        if spaceBreak || specialCharacters {
            analysis.flowPlainAllowed = false
            analysis.blockPlainAllowed = false
            analysis.singleQuotedAllowed = false
            analysis.blockAllowed = false
        }
        if lineBreaks {
            analysis.flowPlainAllowed = false
            analysis.blockPlainAllowed = false
        }
        if flowIndicators { analysis.flowPlainAllowed = false }
        if blockIndicators { analysis.blockPlainAllowed = false }
        return analysis
    }

    private mutating func writePlain(_ value: [UInt8], allowBreaks: Bool) {
        if !whitespace { put(UInt8(ascii: " ")) }
        writeFoldable(value, allowBreaks: allowBreaks, quote: nil)
        whitespace = false
        indention = false
    }

    private mutating func writeSingleQuoted(_ value: [UInt8], allowBreaks: Bool) {
        writeIndicator("'", needWhitespace: true, isWhitespace: false, isIndention: false)
        writeFoldable(value, allowBreaks: allowBreaks, quote: UInt8(ascii: "'"))
        writeIndicator("'", needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    /// The loop libyaml's plain and single-quoted writers share: a lone space past the best
    /// width becomes a line break, a first `\n` is written twice (a reader folds one line
    /// break into a space), and inside quotes the quote is doubled and the first and last
    /// character never break.
    private mutating func writeFoldable(_ value: [UInt8], allowBreaks: Bool, quote: UInt8?) {
        var spaces = false
        var breaks = false
        var index = 0
        while index < value.count {
            if value[index] == UInt8(ascii: " ") {
                let nextIsSpace = index + 1 < value.count && value[index + 1] == UInt8(ascii: " ")
                let mayBreakHere = quote == nil || (index > 0 && index < value.count - 1)
                if allowBreaks && !spaces && column > bestWidth && mayBreakHere && !nextIsSpace {
                    writeIndent()
                    index += 1
                } else {
                    write(value, &index)
                }
                spaces = true
            } else if YAMLBytes.isBreak(value, index) {
                if !breaks && value[index] == UInt8(ascii: "\n") { putBreak() }
                writeBreak(value, &index)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                if let quote, value[index] == quote { put(quote) }
                write(value, &index)
                indention = false
                spaces = false
                breaks = false
            }
        }
    }

    private mutating func writeDoubleQuoted(_ value: [UInt8], allowBreaks: Bool) {
        writeIndicator("\"", needWhitespace: true, isWhitespace: false, isIndention: false)
        var spaces = false
        var index = 0
        while index < value.count {
            let byte = value[index]
            if !YAMLBytes.isPrintable(value, index) || YAMLBytes.isBOM(value, index) || YAMLBytes.isBreak(value, index)
                || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
            {
                let width = min(YAMLBytes.width(byte), value.count - index)
                var scalar = UInt32(byte & (width == 1 ? 0x7F : width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07))
                for offset in 1..<max(width, 1) {
                    scalar = (scalar << 6) + UInt32(value[index + offset] & 0x3F)
                }
                index += max(width, 1)
                put(UInt8(ascii: "\\"))
                switch scalar {
                case 0x00: put(UInt8(ascii: "0"))
                case 0x07: put(UInt8(ascii: "a"))
                case 0x08: put(UInt8(ascii: "b"))
                case 0x09: put(UInt8(ascii: "t"))
                case 0x0A: put(UInt8(ascii: "n"))
                case 0x0B: put(UInt8(ascii: "v"))
                case 0x0C: put(UInt8(ascii: "f"))
                case 0x0D: put(UInt8(ascii: "r"))
                case 0x1B: put(UInt8(ascii: "e"))
                case 0x22: put(UInt8(ascii: "\""))
                case 0x5C: put(UInt8(ascii: "\\"))
                case 0x85: put(UInt8(ascii: "N"))
                case 0xA0: put(UInt8(ascii: "_"))
                case 0x2028: put(UInt8(ascii: "L"))
                case 0x2029: put(UInt8(ascii: "P"))
                default:
                    let digits: Int
                    if scalar <= 0xFF {
                        put(UInt8(ascii: "x"))
                        digits = 2
                    } else if scalar <= 0xFFFF {
                        put(UInt8(ascii: "u"))
                        digits = 4
                    } else {
                        put(UInt8(ascii: "U"))
                        digits = 8
                    }
                    for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
                        let digit = UInt8((scalar >> UInt32(shift)) & 0x0F)
                        put(digit < 10 ? digit + UInt8(ascii: "0") : digit + UInt8(ascii: "A") - 10)
                    }
                }
                spaces = false
            } else if byte == UInt8(ascii: " ") {
                if allowBreaks && !spaces && column > bestWidth && index > 0 && index < value.count - 1 {
                    writeIndent()
                    if index + 1 < value.count && value[index + 1] == UInt8(ascii: " ") {
                        put(UInt8(ascii: "\\"))
                    }
                    index += 1
                } else {
                    write(value, &index)
                }
                spaces = true
            } else {
                write(value, &index)
                spaces = false
            }
        }
        writeIndicator("\"", needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    private mutating func writeLiteral(_ value: [UInt8]) {
        writeIndicator("|", needWhitespace: true, isWhitespace: false, isIndention: false)
        writeBlockScalarHints(value)
        putBreak()
        indention = true
        whitespace = true
        var breaks = true
        var index = 0
        while index < value.count {
            if YAMLBytes.isBreak(value, index) {
                writeBreak(value, &index)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                write(value, &index)
                indention = false
                breaks = false
            }
        }
    }

    /// The indentation indicator (text starting with a space or break) and the chomping
    /// indicator: `-` without a final break, `+` with more than one (or only a break).
    private mutating func writeBlockScalarHints(_ value: [UInt8]) {
        if !value.isEmpty && (value[0] == UInt8(ascii: " ") || YAMLBytes.isBreak(value, 0)) {
            writeIndicator(String(bestIndent), needWhitespace: false, isWhitespace: false, isIndention: false)
        }
        var chomp: String?
        if value.isEmpty {
            chomp = "-"
        } else {
            var last = value.count - 1
            while last > 0 && value[last] & 0xC0 == 0x80 { last -= 1 }
            if !YAMLBytes.isBreak(value, last) {
                chomp = "-"
            } else if last == 0 {
                chomp = "+"
            } else {
                var previous = last - 1
                while previous > 0 && value[previous] & 0xC0 == 0x80 { previous -= 1 }
                if YAMLBytes.isBreak(value, previous) { chomp = "+" }
            }
        }
        if let chomp {
            writeIndicator(chomp, needWhitespace: false, isWhitespace: false, isIndention: false)
        }
    }

    // MARK: Low-level writing (libyaml's put / write / write_indent / write_indicator)

    private mutating func increaseIndent(flow: Bool, indentless: Bool) {
        indents.append(indent)
        if indent < 0 {
            indent = flow ? bestIndent : 0
        } else if !indentless {
            indent += bestIndent
        }
    }

    private mutating func popIndent() {
        indent = indents.popLast() ?? -1
    }

    private mutating func writeIndent() {
        let target = max(indent, 0)
        if !indention || column > target || (column == target && !whitespace) {
            putBreak()
        }
        while column < target { put(UInt8(ascii: " ")) }
        whitespace = true
        indention = true
    }

    private mutating func writeIndicator(
        _ indicator: String, needWhitespace: Bool, isWhitespace: Bool, isIndention: Bool
    ) {
        if needWhitespace && !whitespace { put(UInt8(ascii: " ")) }
        for byte in indicator.utf8 { put(byte) }
        whitespace = isWhitespace
        indention = indention && isIndention
    }

    private mutating func put(_ byte: UInt8) {
        output.append(byte)
        column += 1
    }

    private mutating func putBreak() {
        output.append(UInt8(ascii: "\n"))
        column = 0
    }

    /// Copies one UTF-8 character; it counts as one column.
    private mutating func write(_ value: [UInt8], _ index: inout Int) {
        let end = min(index + YAMLBytes.width(value[index]), value.count)
        output.append(contentsOf: value[index..<max(end, index + 1)])
        index = max(end, index + 1)
        column += 1
    }

    private mutating func writeBreak(_ value: [UInt8], _ index: inout Int) {
        if value[index] == UInt8(ascii: "\n") {
            putBreak()
            index += 1
        } else {
            write(value, &index)
            column = 0
        }
    }

    /// yaml.v2 quotes base-60 float look-alikes (`1:20`) for compatibility with YAML 1.1 readers.
    static func isBase60Float(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first,
            first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || (first >= 48 && first <= 57),
            bytes.contains(UInt8(ascii: ":"))
        else { return false }
        // ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
        var index = 0
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 48 && bytes[i] <= 57 }
        if bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-") { index = 1 }
        guard isDigit(index) else { return false }
        index += 1
        while isDigit(index) || (index < bytes.count && bytes[index] == UInt8(ascii: "_")) { index += 1 }
        var groups = 0
        while index < bytes.count && bytes[index] == UInt8(ascii: ":") {
            index += 1
            // [0-5]?[0-9]: one or two digits, the first of two at most 5.
            guard isDigit(index) else { return false }
            if isDigit(index + 1) && bytes[index] <= UInt8(ascii: "5") {
                index += 2
            } else {
                index += 1
            }
            groups += 1
        }
        guard groups > 0 else { return false }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            while isDigit(index) || (index < bytes.count && bytes[index] == UInt8(ascii: "_")) { index += 1 }
        }
        return index == bytes.count
    }
}

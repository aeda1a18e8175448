import GoYAML

/// How yaml.v2 writes scalars and reports values it cannot decode.
extension YAMLv2Layout {
    /// A scalar as yaml.v2 reads it back after marshalling: its resolved tag and its text.
    struct Scalar {
        enum Resolved { case string(String), int(Int), uint(UInt64), float(Double), bool(Bool) }
        var tag: String
        var text: String
        var resolved: Resolved
    }

    /// The round-tripped form of a non-null scalar; nil for null and collections.
    static func scalar(_ node: YAMLNode) -> Scalar? {
        switch node {
        case .string(let text):
            return Scalar(tag: "!!str", text: text, resolved: .string(text))
        case .int(let value):
            return Scalar(tag: "!!int", text: String(value), resolved: .int(value))
        case .uint(let value):
            return Scalar(tag: "!!int", text: String(value), resolved: .uint(value))
        case .bool(let value):
            return Scalar(tag: "!!bool", text: value ? "true" : "false", resolved: .bool(value))
        case .float(let value):
            let text = goFloatText(value)
            // Go prints integral floats below 1e6 without a point (`1`), so they come
            // back as integers.
            if let integer = Int(text) {
                return Scalar(tag: "!!int", text: text, resolved: .int(integer))
            }
            return Scalar(tag: "!!float", text: text, resolved: .float(value))
        case .null, .map, .array:
            return nil
        }
    }

    /// The text of a key once decoded into a Go `string`.
    static func keyText(_ key: YAMLNode) -> String {
        scalar(key)?.text ?? ""
    }

    /// yaml.v2's tag name for a node, as used in type errors.
    static func tag(of node: YAMLNode) -> String {
        switch node {
        case .map: return "!!map"
        case .array: return "!!seq"
        case .null: return "!!null"
        default: return scalar(node)?.tag ?? "!!str"
        }
    }

    /// yaml.v2's `terror` text for `node` on `line` failing to decode into Go type `goType`.
    static func typeError(_ node: YAMLNode, line: Int, into goType: String, showValue: Bool = true) -> String {
        var value = ""
        if showValue, let scalar = scalar(node) {
            let bytes = Array(scalar.text.utf8)
            value =
                bytes.count > 10
                ? " `" + String(decoding: bytes.prefix(7), as: UTF8.self) + "...`"
                : " `" + scalar.text + "`"
        }
        return "line \(line): cannot unmarshal \(tag(of: node))\(value) into \(goType)"
    }

    /// Go's `strconv.FormatFloat(f, 'g', -1, 64)` with yaml.v2's spellings of infinities and NaN.
    static func goFloatText(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        // Swift's description holds the shortest round-trip digits; re-lay them out Go's way.
        let description = "\(value.magnitude)"
        let parts = description.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integerPart = Array(pieces[0])
        let fractionPart = pieces.count > 1 ? Array(pieces[1]) : []
        var digits = integerPart + fractionPart
        var decimalPoint = integerPart.count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            decimalPoint -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        let digitText = String(digits)
        let sign = value < 0 ? "-" : ""
        let exp = decimalPoint - 1
        if exp < -4 || exp >= 6 {
            var text = String(digits[0])
            if digits.count > 1 { text += "." + String(digits[1...]) }
            let magnitude = abs(exp)
            text += (exp < 0 ? "e-" : "e+") + (magnitude < 10 ? "0" : "") + String(magnitude)
            return sign + text
        }
        if decimalPoint <= 0 {
            return sign + "0." + String(repeating: "0", count: -decimalPoint) + digitText
        }
        if decimalPoint >= digits.count {
            return sign + digitText + String(repeating: "0", count: decimalPoint - digits.count)
        }
        return sign + String(digits[..<decimalPoint]) + "." + String(digits[decimalPoint...])
    }
}

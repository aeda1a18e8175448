import Foundation

/// Go `yaml.v2`'s implicit typing of scalars (its `resolve.go`): which tag a plain scalar
/// resolves to, and the value it then carries. The emitter uses the same table to decide
/// when a string must be quoted.
enum YAMLScalarResolver {
    /// The tag a scalar resolves to.
    enum Kind: Equatable {
        case string, bool, int, float, null, timestamp, binary
    }

    static let strTag = "tag:yaml.org,2002:str"
    static let boolTag = "tag:yaml.org,2002:bool"
    static let intTag = "tag:yaml.org,2002:int"
    static let floatTag = "tag:yaml.org,2002:float"
    static let nullTag = "tag:yaml.org,2002:null"
    static let timestampTag = "tag:yaml.org,2002:timestamp"
    static let binaryTag = "tag:yaml.org,2002:binary"
    static let mergeTag = "tag:yaml.org,2002:merge"

    /// The words `yaml.v2` looks up before trying numbers (`resolveMap`).
    private static let words: [String: (Kind, YAMLNode)] = {
        var table: [String: (Kind, YAMLNode)] = [:]
        for word in ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"] {
            table[word] = (.bool, .bool(true))
        }
        for word in ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"] {
            table[word] = (.bool, .bool(false))
        }
        for word in ["", "~", "null", "Null", "NULL"] { table[word] = (.null, .null) }
        for word in [".nan", ".NaN", ".NAN"] { table[word] = (.float, .float(.nan)) }
        for word in [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"] {
            table[word] = (.float, .float(.infinity))
        }
        for word in ["-.inf", "-.Inf", "-.INF"] { table[word] = (.float, .float(-.infinity)) }
        return table
    }()

    /// Resolves `text` as an untagged plain scalar (Go `resolve("", text)`).
    static func resolvePlain(_ text: String) -> (kind: Kind, value: YAMLNode) {
        resolve(text, allowTimestamp: true)
    }

    /// Decodes a scalar as `yaml.v2` does when unmarshalling into `interface{}`.
    /// - Parameters:
    ///   - tag: the explicit tag (full form), or "" when none.
    ///   - plain: whether the scalar was written plain without a tag (libyaml's `plain_implicit`).
    static func decode(_ text: String, tag: String, plain: Bool) throws(YAMLSyntaxError) -> YAMLNode {
        if tag.isEmpty && !plain { return .string(text) }
        switch tag {
        case "":
            let resolved = resolve(text, allowTimestamp: true)
            // yaml.v2 keeps timestamps as their text when decoding into interface{}.
            return resolved.kind == .timestamp ? .string(text) : resolved.value
        case strTag:
            return .string(text)
        case binaryTag:
            let compact = text.filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: compact) else {
                throw YAMLSyntaxError(problem: "!!binary value contains invalid base64 data")
            }
            return .string(String(decoding: data, as: UTF8.self))
        case boolTag, intTag, floatTag, nullTag, timestampTag:
            let resolved = resolve(text, allowTimestamp: tag == timestampTag)
            let wanted = kind(ofTag: tag)
            if resolved.kind == wanted {
                return resolved.kind == .timestamp ? .string(text) : resolved.value
            }
            // yaml.v2 turns an int (not a uint64) into a float for `!!float`; a `.uint` fails.
            if wanted == .float, case .int(let value) = resolved.value {
                return .float(Double(value))
            }
            throw YAMLSyntaxError(
                problem: "cannot decode \(shortTag(resolved.kind)) `\(text)` as a \(shortTag(wanted))")
        default:
            // A tag yaml.v2 does not resolve (e.g. a local `!foo`): the text as is.
            return .string(text)
        }
    }

    private static func kind(ofTag tag: String) -> Kind {
        switch tag {
        case boolTag: return .bool
        case intTag: return .int
        case floatTag: return .float
        case nullTag: return .null
        case timestampTag: return .timestamp
        case binaryTag: return .binary
        default: return .string
        }
    }

    private static func shortTag(_ kind: Kind) -> String {
        switch kind {
        case .string: return "!!str"
        case .bool: return "!!bool"
        case .int: return "!!int"
        case .float: return "!!float"
        case .null: return "!!null"
        case .timestamp: return "!!timestamp"
        case .binary: return "!!binary"
        }
    }

    private static func resolve(_ text: String, allowTimestamp: Bool) -> (kind: Kind, value: YAMLNode) {
        let bytes = Array(text.utf8)
        // The first byte picks what the text may be (yaml.v2's `resolveTable`).
        let hint: UInt8
        if let first = bytes.first {
            switch first {
            case UInt8(ascii: "+"), UInt8(ascii: "-"): hint = UInt8(ascii: "S")
            case UInt8(ascii: "0")...UInt8(ascii: "9"): hint = UInt8(ascii: "D")
            case UInt8(ascii: "."): hint = UInt8(ascii: ".")
            default:
                hint = "yYnNtTfFoO~".utf8.contains(first) ? UInt8(ascii: "M") : 0
            }
        } else {
            hint = UInt8(ascii: "N")
        }
        guard hint != 0 else { return (.string, .string(text)) }
        if let word = words[text] { return word }
        switch hint {
        case UInt8(ascii: "."):
            if let value = parseGoFloat(bytes) { return (.float, .float(value)) }
        case UInt8(ascii: "D"), UInt8(ascii: "S"):
            if allowTimestamp && looksLikeTimestamp(bytes) { return (.timestamp, .string(text)) }
            let plain = bytes.filter { $0 != UInt8(ascii: "_") }
            if let value = GoNumberParsing.parseInt(plain) { return (.int, .int(value)) }
            // Unsigned only: a sign makes ParseUint fail, so `-9223372036854775809` and
            // `+18446744073709551615` go on to the float rule below, as in yaml.v2.
            if let value = GoNumberParsing.parseUInt(plain) { return (.int, .integer(value)) }
            if isYAMLStyleFloat(plain), let value = parseGoFloat(plain) { return (.float, .float(value)) }
        default:
            break
        }
        return (.string, .string(text))
    }

    /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
    private static func isYAMLStyleFloat(_ bytes: [UInt8]) -> Bool {
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                _ = digits()
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }

    /// Decimal floats as Go's `strconv.ParseFloat` reads them on the paths yaml.v2 uses
    /// (sign, digits, optional fraction, optional exponent; no hex, no underscores).
    private static func parseGoFloat(_ bytes: [UInt8]) -> Double? {
        guard isYAMLStyleFloat(bytes) else { return nil }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Whether Go's `time.Parse` accepts the text with one of yaml.v2's timestamp layouts:
    /// `2006-1-2`, `2006-1-2 15:4:5.999999999`, `2006-1-2T15:4:5.999999999Z07:00` (`t` too).
    static func looksLikeTimestamp(_ bytes: [UInt8]) -> Bool {
        var index = 0
        func number(maxDigits: Int) -> Int? {
            let start = index
            var value = 0
            while index < bytes.count, index - start < maxDigits, isDigit(bytes[index]) {
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            return index == start ? nil : value
        }
        func expect(_ character: Character) -> Bool {
            guard index < bytes.count, let ascii = character.asciiValue, bytes[index] == ascii else {
                return false
            }
            index += 1
            return true
        }
        guard bytes.count >= 5, bytes[0..<4].allSatisfy(isDigit), bytes[4] == UInt8(ascii: "-") else {
            return false
        }
        index = 5
        guard let year = Int(String(decoding: bytes[0..<4], as: UTF8.self)),
            let month = number(maxDigits: 2), (1...12).contains(month), expect("-"),
            let day = number(maxDigits: 2), day >= 1, day <= daysIn(month: month, year: year)
        else { return false }
        if index == bytes.count { return true }
        let separator = bytes[index]
        let zoned: Bool
        switch separator {
        case UInt8(ascii: "T"), UInt8(ascii: "t"): zoned = true
        case UInt8(ascii: " "): zoned = false
        default: return false
        }
        index += 1
        guard let hour = number(maxDigits: 2), hour < 24, expect(":"),
            let minute = number(maxDigits: 2), minute < 60, expect(":"),
            let second = number(maxDigits: 2), second < 60
        else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard number(maxDigits: 9) != nil else { return false }
        }
        if !zoned { return index == bytes.count }
        if expect("Z") { return index == bytes.count }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") else {
            return false
        }
        index += 1
        let hoursStart = index
        guard number(maxDigits: 2) != nil, index - hoursStart == 2, expect(":") else { return false }
        let minutesStart = index
        guard number(maxDigits: 2) != nil, index - minutesStart == 2 else { return false }
        return index == bytes.count
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

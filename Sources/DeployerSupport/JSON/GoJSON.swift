/// JSON text exactly as Go's `encoding/json` writes it, for messages and files that must match
/// bosh-cli byte for byte (CPI error texts, go-patch op definitions).
public enum GoJSON {
    /// A JSON string literal as Go quotes it: `"`, `\`, `\n`, `\r`, `\t` escaped, other control
    /// characters and U+2028/U+2029 as `\u00XX`; with `escapeHTML` (Go's default) also `<`,
    /// `>` and `&` as `\u003c`, `\u003e`, `\u0026` (go-patch undoes `<` and `>` only).
    public static func quote(_ text: String, escapeAngleBrackets: Bool = true) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            if let escape = backslashEscape(scalar) {
                out += escape
                continue
            }
            switch scalar {
            case "&": out += "\\u0026"
            case "<" where escapeAngleBrackets: out += "\\u003c"
            case ">" where escapeAngleBrackets: out += "\\u003e"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// The escapes of a backslash and one character that Go writes for `"`, `\`, `\n`, `\r`
    /// and `\t`; nil for every other character. `quote` adds the `\u` escapes; the redactor
    /// uses these alone to find a secret as it stands inside a JSON string.
    static func backslashEscape(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default: return nil
        }
    }
}

extension JSONValue {
    /// Compact JSON text the way Go's `encoding/json` writes it (bosh-cli's marshaller): object
    /// keys sorted, HTML characters escaped, no trailing newline. Non-finite numbers, which
    /// JSON cannot carry, are written as `null`.
    public var jsonText: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// The text Go's `encoding/json` writes for a scalar (null, bool, number, string); nil
    /// for an array or an object, whose layout (compact or indented) is up to the writer.
    public var goScalarText: String? {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .uint(let value): return String(value)
        case .double(let value): return value.isFinite ? GoFloatText.json(value) : "null"
        case .string(let value): return GoJSON.quote(value)
        case .array, .object: return nil
        }
    }

    private func write(to out: inout String) {
        if let scalar = goScalarText {
            out += scalar
            return
        }
        switch self {
        case .null, .bool, .int, .uint, .double, .string: break  // written above
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                element.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                out += GoJSON.quote(key)
                out += ":"
                members[key, default: .null].write(to: &out)
            }
            out += "}"
        }
    }
}

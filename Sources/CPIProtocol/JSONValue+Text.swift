extension JSONValue {
    /// Compact JSON text the way Go's `encoding/json` writes it (bosh-cli's marshaller):
    /// object keys sorted, `<`, `>`, `&` escaped as `\u003c`..., no trailing newline.
    /// Non-finite numbers, which JSON cannot carry, are written as `null`.
    public var jsonText: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .double(let value):
            if !value.isFinite {
                out += "null"
            } else if value.rounded() == value, abs(value) < 1e15 {
                out += String(Int(value))
            } else {
                out += "\(value)"
            }
        case .string(let value): out += CPIResponseError.quoted(value)
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
                out += CPIResponseError.quoted(key)
                out += ":"
                members[key, default: .null].write(to: &out)
            }
            out += "}"
        }
    }
}

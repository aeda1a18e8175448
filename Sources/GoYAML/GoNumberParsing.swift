/// Go's `strconv.ParseInt(s, 0, 64)` / `ParseUint(s, 0, 64)` on UTF-8 bytes (underscores
/// already removed by the caller, as yaml.v2 does).
enum GoNumberParsing {
    /// `ParseInt(s, 0, 64)`: optional sign, then `0x`/`0o`/`0b`/leading-`0` octal or decimal.
    static func parseInt(_ bytes: [UInt8]) -> Int? {
        var digits = bytes[...]
        var negative = false
        if let first = digits.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard let magnitude = parseUInt(Array(digits)) else { return nil }
        if negative {
            if magnitude <= UInt64(Int.max) { return -Int(magnitude) }
            if magnitude == UInt64(Int.max) + 1 { return Int.min }
            return nil
        }
        return magnitude <= UInt64(Int.max) ? Int(magnitude) : nil
    }

    /// `ParseUint(s, 0, 64)`: no sign allowed.
    static func parseUInt(_ bytes: [UInt8]) -> UInt64? {
        var digits = bytes[...]
        var base: UInt64 = 10
        if digits.count >= 2, digits.first == UInt8(ascii: "0") {
            let marker = digits[digits.startIndex + 1] | 0x20
            switch marker {
            case UInt8(ascii: "x"):
                base = 16
                digits = digits.dropFirst(2)
            case UInt8(ascii: "o"):
                base = 8
                digits = digits.dropFirst(2)
            case UInt8(ascii: "b"):
                base = 2
                digits = digits.dropFirst(2)
            default:
                base = 8
                digits = digits.dropFirst(1)
            }
        }
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            guard digit < base else { return nil }
            let (product, overflow) = value.multipliedReportingOverflow(by: base)
            guard !overflow else { return nil }
            let (sum, overflow2) = product.addingReportingOverflow(digit)
            guard !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}

/// Go's text for a `float64`, for the files and messages that must match bosh-cli's bytes.
public enum GoFloatText {
    /// The shortest decimal digits that read back as `value` (no leading or trailing zeros)
    /// and where the decimal point sits relative to them (Go's `decimal.dp`): `1500` is
    /// `("15", 4)`, `0.025` is `("25", -1)`, zero is `("", 0)`. The sign is ignored.
    public static func shortestDigits(_ value: Double) -> (digits: String, pointPosition: Int) {
        if value == 0 { return ("", 0) }
        // Swift's description also holds the shortest round-trip digits; only its layout differs.
        let text = value.magnitude.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var integerPart = mantissa
        var fractionPart = Substring("")
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fractionPart = mantissa[mantissa.index(after: dot)...]
        }
        var digits = String(integerPart) + String(fractionPart)
        var pointPosition = integerPart.count + exponent
        while digits.hasPrefix("0") {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0") { digits.removeLast() }
        return (digits, pointPosition)
    }

    /// A number as Go's `encoding/json` writes a `float64`: plain decimal (`1e20` is
    /// `100000000000000000000`, `2.0` is `2`) unless its magnitude is below 1e-6 or at least
    /// 1e21, then exponent form with no padding (`1e+21`, `1e-7`). A whole number written this
    /// way reads back as an integer in Ruby and Python, as it does from bosh-cli. Not for
    /// NaN or infinities, which JSON cannot carry.
    public static func json(_ value: Double) -> String {
        let magnitude = value.magnitude
        let sign = value.sign == .minus ? "-" : ""
        let (digits, pointPosition) = shortestDigits(value)
        if magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21) {
            let exponent = pointPosition - 1
            var text = sign + String(digits.prefix(1))
            if digits.count > 1 { text += "." + digits.dropFirst() }
            return text + (exponent < 0 ? "e-" : "e+") + String(exponent.magnitude)
        }
        return sign + plainDecimal(digits: digits, pointPosition: pointPosition)
    }

    /// `digits` with the point at `pointPosition`, padded with zeros, no exponent (Go's `'f'`
    /// format with the shortest precision).
    public static func plainDecimal(digits: String, pointPosition: Int) -> String {
        if digits.isEmpty { return "0" }
        if pointPosition <= 0 {
            return "0." + String(repeating: "0", count: -pointPosition) + digits
        }
        if pointPosition >= digits.count {
            return digits + String(repeating: "0", count: pointPosition - digits.count)
        }
        let split = digits.index(digits.startIndex, offsetBy: pointPosition)
        return digits[..<split] + "." + digits[split...]
    }
}

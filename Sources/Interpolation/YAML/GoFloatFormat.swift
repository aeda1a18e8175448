/// Go's `strconv.FormatFloat(f, 'g', -1, 64)` as yaml.v2 writes floats, with `.inf`,
/// `-.inf` and `.nan` for the special values.
enum GoFloatFormat {
    static func yamlString(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        return formatG(value)
    }

    /// Shortest round-trip digits, in `%e` form when the decimal exponent is below -4 or at
    /// least 6 (Go decides with precision 6 in shortest mode), else in `%f` form.
    static func formatG(_ value: Double) -> String {
        let negative = value.sign == .minus
        let (digits, pointPosition) = shortestDigits(abs(value))
        var result = negative ? "-" : ""
        let exponent = pointPosition - 1
        if !digits.isEmpty && (exponent < -4 || exponent >= 6) {
            result.append(digits[digits.startIndex])
            if digits.count > 1 {
                result.append(".")
                result.append(contentsOf: digits.dropFirst())
            }
            result.append(exponent < 0 ? "e-" : "e+")
            let magnitude = abs(exponent)
            if magnitude < 10 { result.append("0") }
            result.append(String(magnitude))
            return result
        }
        // %f with exactly the digits needed.
        if digits.isEmpty { return result + "0" }
        if pointPosition <= 0 {
            result.append("0.")
            result.append(String(repeating: "0", count: -pointPosition))
            result.append(digits)
        } else if pointPosition >= digits.count {
            result.append(digits)
            result.append(String(repeating: "0", count: pointPosition - digits.count))
        } else {
            let split = digits.index(digits.startIndex, offsetBy: pointPosition)
            result.append(contentsOf: digits[..<split])
            result.append(".")
            result.append(contentsOf: digits[split...])
        }
        return result
    }

    /// The shortest decimal digits that round-trip (no leading or trailing zeros) and the
    /// position of the decimal point relative to them (Go's `decimal.dp`).
    static func shortestDigits(_ value: Double) -> (digits: String, pointPosition: Int) {
        if value == 0 { return ("", 0) }
        // Swift's description is also the shortest round-trip form; only its layout differs.
        let text = value.description
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
}

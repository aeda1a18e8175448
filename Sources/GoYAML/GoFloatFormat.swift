import DeployerSupport

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)` as yaml.v2 writes floats, with `.inf`,
/// `-.inf` and `.nan` for the special values.
package enum GoFloatFormat {
    package static func yamlString(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        return formatG(value)
    }

    /// Shortest round-trip digits, in `%e` form when the decimal exponent is below -4 or at
    /// least 6 (Go decides with precision 6 in shortest mode), else in `%f` form.
    package static func formatG(_ value: Double) -> String {
        let negative = value.sign == .minus
        let (digits, pointPosition) = GoFloatText.shortestDigits(value)
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
        return result + GoFloatText.plainDecimal(digits: digits, pointPosition: pointPosition)
    }
}

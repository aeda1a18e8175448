/// The order in which yaml.v2 writes map keys (its sorter.go).
extension YAMLv2Layout {
    /// yaml.v2's `keyList.Less`: numbers and bools before strings, numbers by value, strings
    /// by a natural order in which other characters sort before letters and digit runs
    /// compare as numbers.
    static func keyLess(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
        let aNumber = number(a), bNumber = number(b)
        if let aNumber, let bNumber {
            if aNumber != bNumber { return aNumber < bNumber }
            return kindRank(a) < kindRank(b)
        }
        guard case .string(let aText) = a, case .string(let bText) = b else {
            return kindRank(a) < kindRank(b)
        }
        let ar = Array(aText.unicodeScalars), br = Array(bText.unicodeScalars)
        var i = 0
        while i < ar.count && i < br.count {
            if ar[i] == br[i] {
                i += 1
                continue
            }
            let al = ar[i].properties.isAlphabetic, bl = br[i].properties.isAlphabetic
            if al && bl { return ar[i].value < br[i].value }
            if al || bl { return bl }
            var an = 0, bn = 0
            if ar[i] == "0" || br[i] == "0" {
                var j = i - 1
                while j >= 0 && isDigit(ar[j]) {
                    if ar[j] != "0" {
                        an = 1
                        bn = 1
                        break
                    }
                    j -= 1
                }
            }
            var ai = i, bi = i
            while ai < ar.count && isDigit(ar[ai]) {
                an = an &* 10 &+ Int(ar[ai].value - 48)
                ai += 1
            }
            while bi < br.count && isDigit(br[bi]) {
                bn = bn &* 10 &+ Int(br[bi].value - 48)
                bi += 1
            }
            if an != bn { return an < bn }
            if ai != bi { return ai < bi }
            return ar[i].value < br[i].value
        }
        return ar.count < br.count
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 48 && scalar.value <= 57
    }

    private static func number(_ node: YAMLNode) -> Double? {
        switch node {
        case .int(let value): return Double(value)
        case .float(let value): return value
        case .bool(let value): return value ? 1 : 0
        default: return nil
        }
    }

    /// Go `reflect.Kind` order of the decoded key types (Bool < Int < Float64 < Interface < Map
    /// < Slice < String).
    private static func kindRank(_ node: YAMLNode) -> Int {
        switch node {
        case .bool: return 1
        case .int: return 2
        case .float: return 14
        case .null: return 20
        case .map: return 21
        case .array: return 23
        case .string: return 24
        }
    }
}

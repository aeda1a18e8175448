/// yaml.v2's map key order (`sorter.go`): numbers and bools by value, then by Go kind
/// (bool < int < uint64 < float64 < nil < string); strings letter by letter, with runs of
/// digits compared as numbers and letters before non-letters.
package enum YAMLKeySorter {
    package static func sorted(_ entries: [YAMLMap.Entry]) -> [YAMLMap.Entry] {
        entries.sorted { less($0.key, $1.key) }
    }

    /// Go's `reflect.Kind` order of the key types yaml.v2 can decode.
    private static func kindRank(_ node: YAMLNode) -> Int {
        switch node {
        case .bool: return 1
        case .int: return 2
        case .uint: return 11
        case .float: return 14
        case .null: return 20
        case .array: return 23
        case .map: return 21
        case .string: return 24
        }
    }

    private static func numeric(_ node: YAMLNode) -> Double? {
        switch node {
        case .int(let value): return Double(value)
        case .uint(let value): return Double(value)
        case .float(let value): return value
        case .bool(let value): return value ? 1 : 0
        default: return nil
        }
    }

    package static func less(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
        if let af = numeric(a), let bf = numeric(b) {
            if af != bf { return af < bf }
            let ak = kindRank(a), bk = kindRank(b)
            if ak != bk { return ak < bk }
            switch (a, b) {
            case let (.int(x), .int(y)): return x < y
            case let (.uint(x), .uint(y)): return x < y
            case let (.float(x), .float(y)): return x < y
            case let (.bool(x), .bool(y)): return !x && y
            default: return false
            }
        }
        guard case .string(let aText) = a, case .string(let bText) = b else {
            return kindRank(a) < kindRank(b)
        }
        let ar = Array(aText.unicodeScalars), br = Array(bText.unicodeScalars)
        var i = 0
        while i < ar.count && i < br.count {
            defer { i += 1 }
            if ar[i] == br[i] { continue }
            let al = isLetter(ar[i]), bl = isLetter(br[i])
            if al && bl { return ar[i].value < br[i].value }
            if al || bl { return bl }
            var an: Int64 = 0, bn: Int64 = 0
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
            var ai = i
            while ai < ar.count && isDigit(ar[ai]) {
                an = an &* 10 &+ (Int64(ar[ai].value) - 48)
                ai += 1
            }
            var bi = i
            while bi < br.count && isDigit(br[bi]) {
                bn = bn &* 10 &+ (Int64(br[bi].value) - 48)
                bi += 1
            }
            if an != bn { return an < bn }
            if ai != bi { return ai < bi }
            return ar[i].value < br[i].value
        }
        return ar.count < br.count
    }

    /// Go's `unicode.IsLetter`: categories Lu, Ll, Lt, Lm, Lo.
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// Go's `unicode.IsDigit`: category Nd.
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .decimalNumber
    }
}

/// Finds `((name))` placeholders exactly as bosh-cli's regular expression
/// `\(\( ?(!?[-/\.\w\pL]+) ?\)\)` does (RE2: `\w` is ASCII, `\pL` any Unicode letter).
///
/// The grammar needs no backtracking: a name character is never a space or `)`, so a greedy
/// scan from each `((` decides the match.
enum PlaceholderSyntax {
    /// One placeholder occurrence.
    struct Match: Equatable {
        /// The name without a leading `!`.
        var name: String
        /// Offsets (in Unicode scalars) of the whole `((...))` text.
        var range: Range<Int>
    }

    /// Every placeholder in `text`, left to right, non-overlapping.
    static func matches(in text: String) -> [Match] {
        let scalars = Array(text.unicodeScalars)
        var result: [Match] = []
        var index = 0
        while index < scalars.count {
            if let match = match(in: scalars, at: index) {
                result.append(match)
                index = match.range.upperBound
            } else {
                index += 1
            }
        }
        return result
    }

    /// The names of every placeholder in `text`, in order (`!` stripped).
    static func names(in text: String) -> [String] {
        matches(in: text).map(\.name)
    }

    /// True when the whole of `text` is one placeholder (bosh-cli's anchored expression).
    static func isWholeValue(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let match = match(in: scalars, at: 0) else { return false }
        return match.range.upperBound == scalars.count
    }

    private static func match(in scalars: [Unicode.Scalar], at start: Int) -> Match? {
        var index = start
        func consume(_ scalar: Unicode.Scalar) -> Bool {
            guard index < scalars.count, scalars[index] == scalar else { return false }
            index += 1
            return true
        }
        guard consume("("), consume("(") else { return nil }
        _ = consume(" ")
        _ = consume("!")  // `((!name))` means `((name))`
        let nameStart = index
        while index < scalars.count, isNameCharacter(scalars[index]) { index += 1 }
        guard index > nameStart else { return nil }
        var name = String.UnicodeScalarView()
        name.append(contentsOf: scalars[nameStart..<index])
        _ = consume(" ")
        guard consume(")"), consume(")") else { return nil }
        return Match(name: String(name), range: start..<index)
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "-", "/", ".", "_", "0"..."9", "a"..."z", "A"..."Z": return true
        default:
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
            default: return false
            }
        }
    }
}

/// A go-patch path such as `/instance_groups/name=bosh/jobs/-` (`cppforlife/go-patch`
/// `patch/pointer.go`): tokens for the root, map keys, array indexes with modifiers,
/// `key=value` matches and the after-last-index `-`; `?` makes a token and all later ones optional.
public struct Pointer: Sendable, Hashable, CustomStringConvertible {
    /// An index modifier: `:prev`, `:next` move the index; `:before`, `:after` insert (replace only).
    public enum Modifier: Sendable, Hashable {
        case prev, next, before, after

        /// go-patch's Go type name, used in its error messages.
        var goTypeName: String {
            switch self {
            case .prev: return "patch.PrevModifier"
            case .next: return "patch.NextModifier"
            case .before: return "patch.BeforeModifier"
            case .after: return "patch.AfterModifier"
            }
        }
    }

    /// One step of a pointer.
    public enum Token: Sendable, Hashable {
        /// The document itself; always the first token.
        case root
        /// An array element by position (negative counts from the end).
        case index(Int, modifiers: [Modifier])
        /// `-`: after the last element of an array (appending).
        case afterLastIndex
        /// `key=value`: the one array element that is a map whose string `key` equals `value`.
        case matching(key: String, value: String, optional: Bool, modifiers: [Modifier])
        /// A map key.
        case key(String, optional: Bool)
    }

    /// The tokens, starting with `.root`.
    public let tokens: [Token]

    /// Parses a pointer exactly as go-patch does.
    /// - Parameter text: `""` for the root, otherwise a path starting with `/`.
    /// - Throws: `PatchError` of kind `.invalidPointer` with go-patch's message.
    public init(_ text: String) throws(PatchError) {
        var tokens: [Token] = [.root]
        guard !text.isEmpty else {
            self.tokens = tokens
            return
        }
        guard text.hasPrefix("/") else {
            throw PatchError(.invalidPointer, "Expected to start with '/'")
        }
        let segments = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        var optional = false
        for (offset, segment) in segments.enumerated() {
            let isLast = offset == segments.count - 1
            let pieces = segment.split(separator: ":", omittingEmptySubsequences: false)
            var modifiers: [Modifier] = []
            var token = String(segment)
            if pieces.count > 1 {
                token = String(pieces[0])
                for piece in pieces.dropFirst() {
                    switch piece {
                    case "prev": modifiers.append(.prev)
                    case "next": modifiers.append(.next)
                    case "before": modifiers.append(.before)
                    case "after": modifiers.append(.after)
                    default:
                        throw PatchError(
                            .invalidPointer,
                            "Expected to find one of the following modifiers: 'prev', 'next', 'before', or 'after' but found '\(pieces[1])'"
                        )
                    }
                }
            }
            token = Self.unescape(token)
            if isLast && token == "-" {
                guard modifiers.isEmpty else {
                    throw PatchError(.invalidPointer, "Expected not to find any modifiers with after last index token")
                }
                tokens.append(.afterLastIndex)
                continue
            }
            if let index = Self.goAtoi(token) {
                tokens.append(.index(index, modifiers: modifiers))
                continue
            }
            if token.hasSuffix("?") { optional = true }
            if let equals = token.firstIndex(of: "=") {
                var value = String(token[token.index(after: equals)...])
                if value.hasSuffix("?") { value.removeLast() }
                tokens.append(
                    .matching(key: String(token[..<equals]), value: value, optional: optional, modifiers: modifiers))
                continue
            }
            guard modifiers.isEmpty else {
                throw PatchError(.invalidPointer, "Expected not to find any modifiers with key token")
            }
            var key = token
            if key.hasSuffix("?") { key.removeLast() }
            tokens.append(.key(key, optional: optional))
        }
        self.tokens = tokens
    }

    /// A pointer made of `tokens`; a leading `.root` is added when missing.
    public init(tokens: [Token]) {
        if tokens.first == .root {
            self.tokens = tokens
        } else {
            self.tokens = [.root] + tokens
        }
    }

    /// The pointer re-encoded as go-patch prints it (escapes re-applied; `?` only on the first
    /// optional token).
    public var description: String {
        var parts: [String] = []
        var optionalShown = false
        for token in tokens {
            switch token {
            case .root:
                parts.append("")
            case .index(let index, let modifiers):
                parts.append("\(index)\(Self.modifiersText(modifiers))")
            case .afterLastIndex:
                parts.append("-")
            case .matching(let key, let value, let optional, let modifiers):
                var valueText = Self.escape(value)
                if optional && !optionalShown {
                    valueText += "?"
                    optionalShown = true
                }
                parts.append("\(Self.escape(key))=\(valueText)\(Self.modifiersText(modifiers))")
            case .key(let key, let optional):
                var text = Self.escape(key)
                if optional && !optionalShown {
                    text += "?"
                    optionalShown = true
                }
                parts.append(text)
            }
        }
        return parts.joined(separator: "/")
    }

    /// The pointer made of the first `count` tokens (root included).
    func prefix(_ count: Int) -> Pointer {
        Pointer(tokens: Array(tokens.prefix(count)))
    }

    private static func modifiersText(_ modifiers: [Modifier]) -> String {
        modifiers.map { modifier -> String in
            switch modifier {
            case .prev: return ":prev"
            case .next: return ":next"
            case .before: return ":before"
            case .after: return ":after"
            }
        }.joined()
    }

    /// `~0` → `~`, `~1` → `/`, `~7` → `:`, in one left-to-right pass (`~01` → `~1`).
    private static func unescape(_ text: String) -> String {
        guard text.contains("~") else { return text }
        let characters = Array(text)
        var result = ""
        var index = 0
        while index < characters.count {
            if characters[index] == "~", index + 1 < characters.count {
                switch characters[index + 1] {
                case "0":
                    result.append("~")
                    index += 2
                    continue
                case "1":
                    result.append("/")
                    index += 2
                    continue
                case "7":
                    result.append(":")
                    index += 2
                    continue
                default: break
                }
            }
            result.append(characters[index])
            index += 1
        }
        return result
    }

    private static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "~": result += "~0"
            case "/": result += "~1"
            case ":": result += "~7"
            default: result.append(character)
            }
        }
        return result
    }

    /// Go's `strconv.Atoi`: optional sign and decimal digits, within Int range.
    private static func goAtoi(_ text: String) -> Int? {
        var digits = Substring(text)
        var negative = false
        if let first = digits.first, first == "+" || first == "-" {
            negative = first == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        guard let magnitude = UInt64(digits) else { return nil }
        if negative {
            return magnitude <= UInt64(Int.max) + 1 ? Int(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int.max) ? Int(magnitude) : nil
    }
}

extension Pointer {
    /// This pointer with every index token turned into a key token of the same text
    /// (`/1` → key `"1"`): bosh-cli retries a `((name.1))` lookup this way when the first
    /// find fails, so `1` can name a map key as well as an array element.
    public func replacingIndexesWithKeys() -> Pointer {
        Pointer(
            tokens: tokens.map { token in
                if case .index(let index, _) = token { return .key(String(index), optional: false) }
                return token
            })
    }
}

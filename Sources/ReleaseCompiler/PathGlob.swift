/// The glob dialect of package `files:` (bosh-cli uses bmatcuk/doublestar v1): `**` as a
/// whole path component matches zero or more directories; `*`, `?`, `[...]` and `{a,b}`
/// match within one component.
struct PathGlob: Sendable {
    private let components: [String]

    init(_ pattern: String) {
        components = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// Whether a relative path (`/`-separated) matches.
    func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        return Self.match(components[...], parts[...])
    }

    private static func match(_ pattern: ArraySlice<String>, _ parts: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return parts.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            var index = parts.startIndex
            while true {
                if match(rest, parts[index...]) { return true }
                if index == parts.endIndex { return false }
                index += 1
            }
        }
        guard let part = parts.first, matchComponent(Array(first), Array(part)) else { return false }
        return match(pattern.dropFirst(), parts.dropFirst())
    }

    /// Matches one component, expanding `{a,b}` alternatives first.
    static func matchComponent(_ pattern: [Character], _ name: [Character]) -> Bool {
        if let open = pattern.firstIndex(of: "{"), let close = pattern[open...].firstIndex(of: "}") {
            let prefix = pattern[..<open]
            let suffix = pattern[(close + 1)...]
            let alternatives = pattern[(open + 1)..<close].split(separator: ",", omittingEmptySubsequences: false)
            return alternatives.contains { matchComponent(Array(prefix) + Array($0) + Array(suffix), name) }
        }
        return matchSimple(pattern[...], name[...])
    }

    private static func matchSimple(_ pattern: ArraySlice<Character>, _ name: ArraySlice<Character>) -> Bool {
        guard let p = pattern.first else { return name.isEmpty }
        switch p {
        case "*":
            var index = name.startIndex
            while true {
                if matchSimple(pattern.dropFirst(), name[index...]) { return true }
                if index == name.endIndex { return false }
                index += 1
            }
        case "?":
            return !name.isEmpty && matchSimple(pattern.dropFirst(), name.dropFirst())
        case "[":
            guard let c = name.first, let close = pattern.dropFirst().firstIndex(of: "]") else {
                return name.first == "[" && matchSimple(pattern.dropFirst(), name.dropFirst())
            }
            var set = Array(pattern[(pattern.startIndex + 1)..<close])
            let negate = set.first == "^" || set.first == "!"
            if negate { set.removeFirst() }
            var found = false
            var i = 0
            while i < set.count {
                if i + 2 < set.count, set[i + 1] == "-" {
                    if set[i] <= c && c <= set[i + 2] { found = true }
                    i += 3
                } else {
                    if set[i] == c { found = true }
                    i += 1
                }
            }
            return found != negate && matchSimple(pattern[(close + 1)...], name.dropFirst())
        case "\\":
            let escaped = pattern.dropFirst()
            guard let e = escaped.first else { return false }
            return name.first == e && matchSimple(escaped.dropFirst(), name.dropFirst())
        default:
            return name.first == p && matchSimple(pattern.dropFirst(), name.dropFirst())
        }
    }
}

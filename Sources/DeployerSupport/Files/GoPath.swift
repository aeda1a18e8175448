/// Go's lexical path rules, where bosh-cli's behaviour depends on them (manifest-relative
/// artifact URLs, `((var))` file paths, `~` expansion).
public enum GoPath {
    /// Lexical clean-up like Go's `path.Clean` / `filepath.Clean` on Linux: no empty or `.`
    /// components, `..` removed against its parent where possible (`..` at the root stays at
    /// the root; a relative path keeps its leading `..`), `.` when nothing is left.
    ///
    /// This only normalises text; it is no safety check (see `SafeRelativePath`).
    public static func clean(_ text: some StringProtocol) -> String {
        let path = String(text)
        let isAbsolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !isAbsolute {
                    parts.append(part)
                }
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if isAbsolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}

import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One `fetch_logs` filter as bosh-agent applies it to a log directory (`logstarprovider`,
/// bosh-utils `FilteredMultiCopyToTemp` over `doublestar.Glob` v1): a glob relative to the
/// directory where `*`, `?` and `[...]` stay within one path segment, a `**` segment spans any
/// number of segments (none included), and `{a,b}` gives alternatives. A filter that names a
/// directory means every file under it (`<dir>/**/*`), so `fetch_logs ["job", ["nats"]]` ships
/// the whole `sys/log/nats/`. Only regular files match.
///
/// One departure, for safety: a filter with a `..` segment matches nothing (bosh-agent joins
/// it to the directory and would follow it out).
struct LogFilter: Sendable {
    /// Each alternative after brace expansion, as path segments.
    private let alternatives: [[String]]

    /// - Parameters:
    ///   - filter: the filter as the caller sent it.
    ///   - directory: the log directory the filter is relative to.
    init(_ filter: String, in directory: String) {
        var segments = filter.split(separator: "/").map(String.init).filter { $0 != "." }
        if segments.contains("..") {
            alternatives = []
            return
        }
        var isDirectory: ObjCBool = false
        let named = ([directory] + segments).joined(separator: "/")
        if !segments.isEmpty, FileManager.default.fileExists(atPath: named, isDirectory: &isDirectory),
            isDirectory.boolValue
        {
            segments += ["**", "*"]
        }
        alternatives = Self.expandBraces(segments.joined(separator: "/")).map {
            $0.split(separator: "/").map(String.init)
        }
    }

    /// Whether the file at `relativePath` (below the log directory) is selected.
    func matches(_ relativePath: String) -> Bool {
        let path = relativePath.split(separator: "/").map(String.init)
        return alternatives.contains { Self.match($0[...], path[...]) }
    }

    private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            return (0...path.count).contains { match(pattern.dropFirst(), path.dropFirst($0)) }
        }
        guard let name = path.first, fnmatch(first, name, 0) == 0 else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    /// `a{b,c}d` → `abd`, `acd` (nested braces too); a brace without its pair stays literal.
    static func expandBraces(_ pattern: String) -> [String] {
        let characters = Array(pattern)
        var depth = 0
        var open: Int?
        var commas: [Int] = []
        var index = 0
        while index < characters.count {
            switch characters[index] {
            case "\\":
                index += 1
            case "{":
                if depth == 0 { open = index }
                depth += 1
            case "," where depth == 1:
                commas.append(index)
            case "}" where depth > 0:
                depth -= 1
                if depth == 0, let start = open {
                    let prefix = String(characters[..<start])
                    let suffix = String(characters[(index + 1)...])
                    let bounds = [start] + commas + [index]
                    var expanded: [String] = []
                    for (from, to) in zip(bounds, bounds.dropFirst()) {
                        let choice = String(characters[(from + 1)..<to])
                        expanded += expandBraces(prefix + choice + suffix)
                    }
                    return expanded
                }
            default:
                break
            }
            index += 1
        }
        return [pattern]
    }
}

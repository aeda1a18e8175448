/// Byte-level scanners behind `Redactor`; each takes UTF-8 bytes and returns them with one
/// kind of secret replaced. Hand-written rather than regular expressions: they run on every
/// logged CPI request, and they need bracket matching that regexes do not do.
enum RedactionScanners {
    static let placeholder = Array(Redactor.placeholder.utf8)
    static let quotedPlaceholder = Array("\"\(Redactor.placeholder)\"".utf8)

    // MARK: PEM

    /// Replaces `-----BEGIN ... PRIVATE KEY----- ... -----END ... PRIVATE KEY-----` blocks.
    static func pemPrivateKeys(_ bytes: [UInt8]) -> [UInt8] {
        let begin = Array("-----BEGIN ".utf8)
        let end = Array("-----END ".utf8)
        let dashes = Array("-----".utf8)
        let marker = Array("PRIVATE KEY".utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let start = find(begin, in: bytes, from: index) else { break }
            out.append(contentsOf: bytes[index..<start])
            let labelStart = start + begin.count
            guard let labelEnd = find(dashes, in: bytes, from: labelStart),
                find(marker, in: Array(bytes[labelStart..<labelEnd]), from: 0) != nil
            else {
                out.append(contentsOf: bytes[start..<labelStart])
                index = labelStart
                continue
            }
            // No END line: the rest is key material.
            var stop = bytes.count
            if let endStart = find(end, in: bytes, from: labelEnd + dashes.count),
                let close = find(dashes, in: bytes, from: endStart + end.count)
            {
                stop = close + dashes.count
            }
            out.append(contentsOf: placeholder)
            index = stop
        }
        if index < bytes.count { out.append(contentsOf: bytes[index...]) }
        return out
    }

    // MARK: URLs

    /// `scheme://user:password@host` → `scheme://user:<redacted>@host`.
    static func urlPasswords(_ bytes: [UInt8]) -> [UInt8] {
        let separator = Array("://".utf8)
        var out: [UInt8] = []
        var index = 0
        while let found = find(separator, in: bytes, from: index) {
            let authorityStart = found + separator.count
            out.append(contentsOf: bytes[index..<authorityStart])
            index = authorityStart
            guard found > 0, isSchemeByte(bytes[found - 1]) else { continue }
            var cursor = authorityStart
            var colon: Int?
            var at: Int?
            // The last `@` before the path ends the userinfo: a password typed with a raw `@`
            // is then hidden whole.
            while cursor < bytes.count {
                let byte = bytes[cursor]
                if byte == UInt8(ascii: "@") { at = cursor }
                if isURLTerminator(byte) { break }
                if byte == UInt8(ascii: ":"), colon == nil, at == nil { colon = cursor }
                cursor += 1
            }
            if let colon, let at {
                out.append(contentsOf: bytes[authorityStart...colon])
                out.append(contentsOf: placeholder)
                index = at
            }
        }
        out.append(contentsOf: bytes[index...])
        return out
    }

    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }

    private static func isURLTerminator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "\""), UInt8(ascii: "'"),
            UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "<"),
            UInt8(ascii: ">"):
            true
        default: false
        }
    }

    // MARK: JSON

    /// Replaces the value after every `"<sensitive key>":` with `"<redacted>"`, whatever its
    /// type (objects and arrays are skipped with bracket matching).
    static func jsonValues(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\"") else {
                out.append(bytes[index])
                index += 1
                continue
            }
            let stringEnd = endOfString(bytes, from: index)
            out.append(contentsOf: bytes[index..<stringEnd])
            let key = bytes[(index + 1)..<max(index + 1, stringEnd - 1)]
            index = stringEnd
            var cursor = skipSpaces(bytes, from: index)
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":"),
                Redactor.isSensitiveKey(String(decoding: key, as: UTF8.self))
            else { continue }
            cursor = skipSpaces(bytes, from: cursor + 1)
            guard cursor < bytes.count else { continue }
            out.append(contentsOf: bytes[index..<cursor])
            out.append(contentsOf: quotedPlaceholder)
            index = endOfValue(bytes, from: cursor)
        }
        return out
    }

    /// Index just past the string starting with the quote at `start` (or the end of input).
    private static func endOfString(_ bytes: [UInt8], from start: Int) -> Int {
        var cursor = start + 1
        while cursor < bytes.count {
            if bytes[cursor] == UInt8(ascii: "\\") {
                cursor += 2
                continue
            }
            if bytes[cursor] == UInt8(ascii: "\"") { return cursor + 1 }
            cursor += 1
        }
        return bytes.count
    }

    private static func endOfValue(_ bytes: [UInt8], from start: Int) -> Int {
        let open = bytes[start]
        if open == UInt8(ascii: "\"") { return endOfString(bytes, from: start) }
        if open == UInt8(ascii: "{") || open == UInt8(ascii: "[") {
            var depth = 0
            var cursor = start
            while cursor < bytes.count {
                switch bytes[cursor] {
                case UInt8(ascii: "\""):
                    cursor = endOfString(bytes, from: cursor)
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return cursor + 1 }
                default: break
                }
                cursor += 1
            }
            return bytes.count
        }
        var cursor = start
        while cursor < bytes.count {
            switch bytes[cursor] {
            case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: "\n"), UInt8(ascii: "\r"),
                UInt8(ascii: " "), UInt8(ascii: "\t"):
                return cursor
            default: cursor += 1
            }
        }
        return cursor
    }

    private static func skipSpaces(_ bytes: [UInt8], from start: Int) -> Int {
        var cursor = start
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") {
            cursor += 1
        }
        return cursor
    }

    // MARK: YAML

    /// Line-based: `<indent>[- ]key: value` with a sensitive key gets `key: <redacted>`; when
    /// the value is empty or a block scalar indicator (`|`, `>`), the more-indented lines that
    /// follow (and `- ` items at the same indent) are dropped as part of the value.
    static func yamlValues(_ bytes: [UInt8]) -> [UInt8] {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var out: [UInt8] = []
        var index = 0
        var first = true
        func emit(_ line: some Collection<UInt8>) {
            if !first { out.append(UInt8(ascii: "\n")) }
            out.append(contentsOf: line)
            first = false
        }
        while index < lines.count {
            let line = Array(lines[index])
            index += 1
            guard let (valueStart, indent) = sensitiveYAMLValue(line) else {
                emit(line)
                continue
            }
            let value = line[valueStart...].drop { $0 == UInt8(ascii: " ") }
            if value.starts(with: placeholder) || value.starts(with: quotedPlaceholder) {
                emit(line)
                continue
            }
            emit(line[..<valueStart] + [UInt8(ascii: " ")] + placeholder)
            let trimmed = value.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") }
            let opensBlock = trimmed.isEmpty || trimmed.first == UInt8(ascii: "|") || trimmed.first == UInt8(ascii: ">")
            guard opensBlock else { continue }
            while index < lines.count {
                let next = Array(lines[index])
                let nextIndent = next.prefix { $0 == UInt8(ascii: " ") }.count
                let blank = next.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }
                let sameIndentItem =
                    nextIndent == indent
                    && next.dropFirst(nextIndent).starts(with: [UInt8(ascii: "-"), UInt8(ascii: " ")])
                guard blank || nextIndent > indent || sameIndentItem else { break }
                // A blank line followed by a shallower line ends the block; keep it.
                if blank, index + 1 < lines.count {
                    let after = Array(lines[index + 1])
                    if after.prefix(while: { $0 == UInt8(ascii: " ") }).count <= indent { break }
                }
                index += 1
            }
        }
        return out
    }

    /// For a line `<indent>[- ]key:` with a sensitive key: the index just past the colon and
    /// the indentation of the key.
    private static func sensitiveYAMLValue(_ line: [UInt8]) -> (Int, Int)? {
        var cursor = line.prefix { $0 == UInt8(ascii: " ") }.count
        if line.count > cursor + 1, line[cursor] == UInt8(ascii: "-"), line[cursor + 1] == UInt8(ascii: " ") {
            cursor += 2
            while cursor < line.count, line[cursor] == UInt8(ascii: " ") { cursor += 1 }
        }
        let keyIndent = cursor
        guard cursor < line.count else { return nil }
        var quote: UInt8?
        if line[cursor] == UInt8(ascii: "\"") || line[cursor] == UInt8(ascii: "'") {
            quote = line[cursor]
            cursor += 1
        }
        let keyStart = cursor
        while cursor < line.count {
            let byte = line[cursor]
            if let quote, byte == quote { break }
            if quote == nil, byte == UInt8(ascii: ":") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "#") {
                break
            }
            cursor += 1
        }
        let keyEnd = cursor
        if quote != nil { cursor += 1 }
        guard keyEnd > keyStart, cursor < line.count, line[cursor] == UInt8(ascii: ":") else { return nil }
        let afterColon = cursor + 1
        // `key:value` without a space is a plain scalar in YAML, not a mapping.
        guard
            afterColon == line.count || line[afterColon] == UInt8(ascii: " ") || line[afterColon] == UInt8(ascii: "\r")
        else {
            return nil
        }
        guard Redactor.isSensitiveKey(String(decoding: line[keyStart..<keyEnd], as: UTF8.self)) else { return nil }
        return (afterColon, keyIndent)
    }

    // MARK: helpers

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, start <= haystack.count - needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == needle[0], haystack[index..<index + needle.count].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }
}

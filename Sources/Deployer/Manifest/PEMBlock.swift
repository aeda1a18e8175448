/// The check bosh-cli makes with Go's `pem.Decode`: is there a PEM block (BEGIN line, base64
/// body, matching END line) in the text?
enum PEMBlock {
    /// Whether `text` contains one well-formed PEM block.
    static func isDecodable(_ text: String) -> Bool {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.trimmingTrailingWhitespace() }
        guard
            let begin = lines.firstIndex(where: {
                $0.hasPrefix("-----BEGIN ") && $0.hasSuffix("-----") && $0.count > 16
            })
        else { return false }
        let label = lines[begin].dropFirst("-----BEGIN ".count).dropLast("-----".count)
        guard let end = lines[(begin + 1)...].firstIndex(of: "-----END \(label)-----") else { return false }
        var body = Array(lines[(begin + 1)..<end])
        // Optional RFC 1421 headers (`Proc-Type: ...`) end with a blank line.
        if let first = body.first, first.contains(":") {
            guard let blank = body.firstIndex(of: "") else { return false }
            body.removeFirst(blank + 1)
        }
        return isBase64(body.joined().filter { !$0.isWhitespace })
    }

    /// Standard padded base64, as Go's `base64.StdEncoding` requires.
    private static func isBase64(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count % 4 == 0 else { return false }
        let padding = bytes.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        guard padding <= 2 else { return false }
        return bytes.dropLast(padding).allSatisfy { byte in
            (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
        }
    }
}

extension Substring {
    fileprivate func trimmingTrailingWhitespace() -> String {
        var result = self
        while let last = result.last, last == " " || last == "\t" || last == "\r" { result = result.dropLast() }
        return String(result)
    }
}

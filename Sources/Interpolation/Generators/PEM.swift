import Foundation

/// PEM text as Go's `encoding/pem` writes and reads it.
enum PEM {
    /// `pem.EncodeToMemory`: BEGIN line, base64 in 64-column lines, END line, final newline.
    static func encode(type: String, der: some Collection<UInt8>) -> String {
        let base64 = Data(der).base64EncodedString()
        var text = "-----BEGIN \(type)-----\n"
        var index = base64.startIndex
        while index < base64.endIndex {
            let end = base64.index(index, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex
            text += base64[index..<end] + "\n"
            index = end
        }
        return text + "-----END \(type)-----\n"
    }

    /// The bytes of the first well-formed PEM block of any type in `text`, like `pem.Decode`
    /// (text before the block and `Key: value` headers are skipped); nil when there is none.
    static func firstBlock(in text: String) -> [UInt8]? {
        // "\r\n" is one Character in Swift, so split on both forms.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        var index = 0
        while index < lines.count {
            defer { index += 1 }
            let line = trimmingTrailingSpace(lines[index])
            guard line.hasPrefix("-----BEGIN "), line.hasSuffix("-----"), line.count > 16 else { continue }
            let type = line.dropFirst(11).dropLast(5)
            let endLine = "-----END \(type)-----"
            var body = ""
            var inHeaders = true
            var cursor = index + 1
            var closed = false
            while cursor < lines.count {
                let current = trimmingTrailingSpace(lines[cursor])
                if current == endLine {
                    closed = true
                    break
                }
                if inHeaders && current.contains(":") {
                    cursor += 1
                    continue
                }
                inHeaders = false
                body += current.filter { !$0.isWhitespace }
                cursor += 1
            }
            if closed, let bytes = Data(base64Encoded: body) {
                return [UInt8](bytes)
            }
        }
        return nil
    }

    private static func trimmingTrailingSpace(_ line: Substring) -> Substring {
        var line = line
        while let last = line.last, last == " " || last == "\t" || last == "\r" { line.removeLast() }
        return line
    }
}

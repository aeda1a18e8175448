import Foundation

extension ProcessRunner {
    /// The last `count` lines of a log file, for an error message such as
    /// "Compiling package 'ruby' failed: ... last lines of its log: ...".
    ///
    /// Only the final `maxBytes` of the file are read, so a huge log costs nothing; a line cut
    /// by that window is dropped rather than shown half. A missing or unreadable file gives `[]`.
    ///
    /// - Parameters:
    ///   - count: how many lines at most.
    ///   - path: the log file.
    ///   - maxBytes: how much of the file's end to look at (default 64 KiB).
    /// - Returns: up to `count` lines, oldest first, without their newlines.
    public static func lastLines(_ count: Int, ofFile path: String, maxBytes: Int = 64 * 1024) -> [String] {
        guard count > 0, let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return [] }
        let window = UInt64(max(1, maxBytes))
        let offset = size > window ? size - window : 0
        guard (try? handle.seek(toOffset: offset)) != nil,
            let data = try? handle.readToEnd()
        else { return [] }
        return lastLines(count, of: data, startsMidFile: offset > 0)
    }

    /// The last `count` lines of the end of a log held in memory.
    ///
    /// - Parameters:
    ///   - count: how many lines at most.
    ///   - data: the log's last bytes (invalid UTF-8 is replaced, not refused).
    ///   - startsMidFile: `data` is a window that may begin inside a line: its first line is
    ///     dropped rather than shown half.
    /// - Returns: up to `count` lines, oldest first, without their newlines (and `\r`).
    public static func lastLines(_ count: Int, of data: Data, startsMidFile: Bool) -> [String] {
        guard count > 0 else { return [] }
        // `\r\n` is one Character in Swift: split on it as well as on `\n`.
        var lines = String(decoding: data, as: UTF8.self)
            .split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map(String.init)
        if startsMidFile, !lines.isEmpty { lines.removeFirst() }
        if lines.last == "" { lines.removeLast() }
        return Array(lines.suffix(count))
    }
}

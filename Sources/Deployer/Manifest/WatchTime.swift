/// A `"<min>-<max>"` range of milliseconds (`update.update_watch_time`).
public struct WatchTime: Sendable, Hashable {
    /// bosh-cli's default, `0-300000`.
    public static let `default` = WatchTime(start: 0, end: 300_000)

    /// Minimum, in milliseconds.
    public var start: Int
    /// Maximum, in milliseconds.
    public var end: Int

    /// Creates a value from its fields.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Parses `"min-max"` like bosh-cli: exactly one `-`, spaces around the numbers trimmed,
    /// each part a Go `strconv.Atoi` integer, and `max >= min`.
    /// - Returns: the range, or bosh-cli's message for why it is not one.
    public static func parse(_ text: String) -> Result<WatchTime, WatchTimeError> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .failure(WatchTimeError("Invalid watch time range '\(text)'")) }
        let first = String(parts[0]), second = String(parts[1])
        guard let start = atoi(trimSpaces(first)) else {
            return .failure(
                WatchTimeError(
                    "Non-positive number as watch time minimum \(first): \(atoiError(trimSpaces(first)))"))
        }
        guard let end = atoi(trimSpaces(second)) else {
            return .failure(
                WatchTimeError(
                    "Non-positive number as watch time maximum \(second): \(atoiError(trimSpaces(second)))"))
        }
        guard end >= start else {
            return .failure(WatchTimeError("Watch time must have maximum greater than or equal minimum \(text)"))
        }
        return .success(WatchTime(start: start, end: end))
    }

    /// Go's `strings.Trim(s, " ")`: only the space character.
    private static func trimSpaces(_ text: String) -> String {
        String(text.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }

    /// Go's `strconv.Atoi`: optional sign, then ASCII digits only, within 64 bits.
    private static func atoi(_ text: String) -> Int? {
        var digits = Substring(text)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }

    /// The text of the Go error `strconv.Atoi` returns for `text`.
    private static func atoiError(_ text: String) -> String {
        var digits = Substring(text)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        let syntaxOK = !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
        return "strconv.Atoi: parsing \"\(text)\": " + (syntaxOK ? "value out of range" : "invalid syntax")
    }
}

/// Why an `update_watch_time` value is not a range; the message is bosh-cli's.
public struct WatchTimeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// bosh-cli's message.
    public var message: String

    /// Creates a value from its fields.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

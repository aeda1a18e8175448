/// The `--name value` / `--name=value` options of the local cloud's two small programs
/// (`local-cpi`, `local-agent`), which take a few paths and need no argument-parsing library.
public enum NamedOptions {
    /// Why a command line was refused; the text names the argument.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String

        public init(description: String) { self.description = description }
    }

    /// The values by option name.
    /// - Parameters:
    ///   - arguments: the arguments, without the program name.
    ///   - allowed: the option names, with their dashes (`--config`).
    /// - Throws: `ParseError` for an unknown argument or an option without a value.
    public static func parse(_ arguments: [String], allowed: Set<String>) throws(ParseError) -> [String: String] {
        var values: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            var name = arguments[index]
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard allowed.contains(name) else {
                throw ParseError(description: "unknown argument '\(arguments[index])'")
            }
            if value == nil {
                index += 1
                guard index < arguments.count else { throw ParseError(description: "\(name) needs a value") }
                value = arguments[index]
            }
            values[name] = value
            index += 1
        }
        return values
    }
}

import Deployer

/// Where a renderer writes its text; the CLI passes standard output, tests collect a string.
///
/// Text is written in pieces: a simple step writes `name...` first and the rest of the line
/// when it ends, so an implementation must not add line breaks of its own.
public protocol TextOutput: Sendable {
    /// Writes `text` as is.
    func write(_ text: String)
}

/// A `TextOutput` backed by a closure.
public struct ClosureTextOutput: TextOutput {
    private let body: @Sendable (String) -> Void

    /// Wraps `body`, which receives every piece of text in order.
    public init(_ body: @escaping @Sendable (String) -> Void) { self.body = body }

    public func write(_ text: String) { body(text) }
}

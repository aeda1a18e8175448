/// Everything the local agent can fail at, as one line naming the file, path or action
/// involved. Messages never contain the mbus password or private keys.
struct LocalAgentError: Error, CustomStringConvertible, Sendable {
    /// The text the agent reports, e.g. in `Action Failed apply: <text>`.
    let message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }

    /// Wraps `error` with a context prefix, bosh-style (`<context>: <underlying>`).
    static func wrapping(_ context: String, _ error: any Error) -> LocalAgentError {
        LocalAgentError("\(context): \(error)")
    }
}

/// Runs `body`, prefixing any error with `context` as the Go agent chains its errors.
func prefixingErrors<T>(_ context: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw LocalAgentError.wrapping(context, error)
    }
}

/// Async variant of `prefixingErrors(_:_:)`.
func prefixingErrors<T>(_ context: String, _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch is CancellationError {
        throw CancellationError()
    } catch {
        throw LocalAgentError.wrapping(context, error)
    }
}

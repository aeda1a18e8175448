/// An error with a sentence saying what the program was doing when the underlying error
/// happened, in the style of bosh-cli's `WrapErrorf` ("Creating VM for instance 'bosh/0': ...").
///
/// The underlying value is kept intact so callers can still match it with `find(_:)`.
public struct ContextError: WrappingError, CustomStringConvertible, Sendable {
    public let context: String
    public let underlying: any Error

    public init(context: String, underlying: any Error) {
        self.context = context
        self.underlying = underlying
    }

    public var description: String { "\(context): \(String(describing: underlying))" }
}

/// Runs `body`, wrapping any error it throws in a `ContextError` with `context`.
public func withContext<T>(_ context: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw ContextError(context: context(), underlying: error)
    }
}

/// Async variant of `withContext(_:_:)`.
@_disfavoredOverload
public func withContext<T>(
    _ context: @autoclosure () -> String, isolation: isolated (any Actor)? = #isolation,
    _ body: () async throws -> T
) async throws -> T {
    do {
        return try await body()
    } catch {
        throw ContextError(context: context(), underlying: error)
    }
}

/// An error that adds something to another one (a context, an explanation) and keeps it
/// intact, so `find(_:)` sees through it.
public protocol WrappingError: Error {
    /// The error this one wraps.
    var underlying: any Error { get }
}

extension Error {
    /// The first error of type `E` in this error's chain of wrappers (`ContextError` and any
    /// other `WrappingError`).
    public func find<E: Error>(_ type: E.Type) -> E? {
        var current: any Error = self
        while true {
            if let match = current as? E { return match }
            guard let wrapped = current as? any WrappingError else { return nil }
            current = wrapped.underlying
        }
    }
}

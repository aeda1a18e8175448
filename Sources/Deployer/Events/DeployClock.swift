import Foundation

/// The time source of stages and renderers, injected so tests get exact durations.
///
/// Named `DeployClock` rather than `Clock` so it does not shadow the standard library's
/// `Clock` protocol inside this module.
public protocol DeployClock: Sendable {
    /// A monotonic reading; only differences between two readings are meaningful.
    func elapsed() -> Duration
    /// The wall-clock time, for timestamps shown to people or written to NDJSON.
    func wallTime() -> Date
}

/// The real clock: `ContinuousClock` for durations and `Date()` for timestamps.
public struct SystemDeployClock: DeployClock {
    private let origin: ContinuousClock.Instant

    /// A clock whose readings start at zero now.
    public init() { origin = ContinuousClock.now }

    public func elapsed() -> Duration { ContinuousClock.now - origin }
    public func wallTime() -> Date { Date() }
}

import Deployer
import Foundation
import Synchronization

/// A clock that moves only when told to.
public final class ManualDeployClock: DeployClock {
    private let now = Mutex(Duration.zero)
    public let origin: Date

    public init(origin: Date = Date(timeIntervalSince1970: 1_780_000_000)) { self.origin = origin }

    public func advance(by duration: Duration) { now.withLock { $0 += duration } }
    public func advance(seconds: Double) { advance(by: .milliseconds(Int64((seconds * 1000).rounded()))) }
    public func elapsed() -> Duration { now.withLock { $0 } }
    public func wallTime() -> Date {
        let components = elapsed().components
        return origin.addingTimeInterval(Double(components.seconds) + Double(components.attoseconds) / 1e18)
    }
}

/// An error with a given text, as a failing step throws it.
public struct SampleFailure: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) { self.description = description }
}

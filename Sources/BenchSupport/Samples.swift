/// Timings of one benchmark mode, in seconds.
public struct Samples: Sendable, Equatable {
    /// Every measured time, in run order.
    public private(set) var seconds: [Double] = []

    /// Creates an empty set of samples.
    public init() {}

    /// Adds one measurement in seconds.
    public mutating func append(seconds value: Double) {
        seconds.append(value)
    }

    /// Adds one measurement.
    public mutating func append(_ duration: Duration) {
        let parts = duration.components
        seconds.append(Double(parts.seconds) + Double(parts.attoseconds) / 1e18)
    }

    /// The fastest run (0 when empty).
    public var min: Double { seconds.min() ?? 0 }

    /// The median (mean of the middle two for an even count; 0 when empty).
    public var median: Double {
        let sorted = seconds.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// Timings of one benchmark mode, in seconds.
struct Samples: Sendable, Equatable {
    /// Every measured time, in run order.
    private(set) var seconds: [Double] = []

    /// Adds one measurement.
    mutating func append(_ duration: Duration) {
        let parts = duration.components
        seconds.append(Double(parts.seconds) + Double(parts.attoseconds) / 1e18)
    }

    /// The fastest run (0 when empty).
    var min: Double { seconds.min() ?? 0 }

    /// The median (mean of the middle two for an even count; 0 when empty).
    var median: Double {
        let sorted = seconds.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

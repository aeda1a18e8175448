import BenchSupport
import Foundation

/// The benchmark's summary: one row per mode with median and min, then the ratios.
struct ResultTable: Sendable {
    /// Fresh-cache installs with `maxParallel: 1`.
    var serial: Samples
    /// Fresh-cache installs with the parallel setting.
    var parallel: Samples
    /// Warm-cache re-installs.
    var cached: Samples
    /// `maxParallel` of the parallel mode.
    var parallelism: Int
    /// Target for the cached re-install, in seconds.
    var cachedTarget: Double

    /// The table as printed.
    var text: String {
        func row(_ label: String, _ samples: Samples) -> String {
            label.padding(toLength: 34, withPad: " ", startingAt: 0)
                + String(format: "%9.3f s %9.3f s %5d", samples.median, samples.min, samples.seconds.count)
        }
        let speedupMedian = parallel.median > 0 ? serial.median / parallel.median : 0
        let speedupMin = parallel.min > 0 ? serial.min / parallel.min : 0
        let verdict = cached.median < cachedTarget ? "met" : "MISSED"
        return [
            "mode".padding(toLength: 34, withPad: " ", startingAt: 0) + "   median        min  runs",
            row("serial (maxParallel 1)", serial),
            row("parallel (maxParallel \(parallelism))", parallel),
            row("cached re-install (warm cache)", cached),
            "",
            String(format: "speed-up serial/parallel: %.2fx (medians), %.2fx (mins)", speedupMedian, speedupMin),
            String(
                format: "cached re-install: %.3f s median = %.1f%% of a parallel cold install (target < %.1f s: %@)",
                cached.median, parallel.median > 0 ? 100 * cached.median / parallel.median : 0, cachedTarget, verdict),
        ].joined(separator: "\n")
    }
}

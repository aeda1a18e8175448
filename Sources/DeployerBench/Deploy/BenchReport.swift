import BenchSupport
import Foundation

/// The benchmark's summary: medians and mins per workload, operation and mode, the ratios
/// `--parallel 1` / default, no-op time against release size, and what the fresh deploys'
/// events say about package compilation.
struct BenchReport: Sendable {
    /// Every timed command.
    var measurements: [Measurement]
    /// The workloads, in the order to print them.
    var workloads: [Workload]

    /// Modes in print order: the serial one first; `compiled` deploys the default way with
    /// the releases `deployer export-release` made in round 1, on an empty home.
    static let modes = ["parallel-1", "default", "compiled"]
    /// Operations in print order.
    static let operations = [("fresh", "fresh deploy"), ("noop", "no-op deploy"), ("delete", "delete")]

    /// The samples of one cell of the table.
    func samples(_ workload: String, _ mode: String, _ operation: String) -> Samples {
        var samples = Samples()
        for row in measurements where row.workload == workload && row.mode == mode && row.operation == operation {
            samples.append(seconds: row.seconds)
        }
        return samples
    }

    /// The round whose `operation` took the median time (the lower middle for an even count).
    func medianRound(_ workload: String, _ mode: String, operation: String = "fresh") -> Int? {
        let rows = measurements.filter { $0.workload == workload && $0.mode == mode && $0.operation == operation }
            .sorted { $0.seconds < $1.seconds }
        return rows.isEmpty ? nil : rows[(rows.count - 1) / 2].round
    }

    /// Min, median and max of the load averages recorded with the measurements.
    var loadSummary: (min: Double, median: Double, max: Double) {
        var samples = Samples()
        for row in measurements { samples.append(seconds: row.load) }
        return (samples.min, samples.median, samples.seconds.max() ?? 0)
    }

    /// The main table as printed.
    var table: String {
        let modes = Self.modes.filter { mode in measurements.contains { $0.mode == mode } }
        let both = modes.starts(with: ["parallel-1", "default"])
        func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        var header = pad("workload", 9) + pad("operation", 14)
        for mode in modes { header += pad(Self.title(of: mode) + " median / min", 32) }
        if both { header += "ratio p1/default (medians, mins)" }
        var lines = [header]
        for workload in workloads {
            for (operation, label) in Self.operations {
                var line = pad(workload.name, 9) + pad(label, 14)
                var cells: [Samples] = []
                for mode in modes {
                    let cell = samples(workload.name, mode, operation)
                    cells.append(cell)
                    line += pad(String(format: "%8.3f / %7.3f s  (%d)", cell.median, cell.min, cell.seconds.count), 32)
                }
                if both, cells[1].median > 0, cells[1].min > 0 {
                    line += String(
                        format: "%.2fx, %.2fx", cells[0].median / cells[1].median, cells[0].min / cells[1].min)
                }
                lines.append(line)
            }
        }
        if !both {
            lines.append("(one mode only: `deployer deploy` has no --parallel flag in this build, so no ratio)")
        }
        return lines.joined(separator: "\n")
    }

    /// Fresh deploys from sources against fresh deploys of the exported compiled releases,
    /// with the floor of the deploy from sources: how long its package steps kept the VM busy
    /// (`timelines` gives the events of a workload's median fresh round in a mode).
    func compiledVersusSources(timeline: (String, String) throws -> StageTimeline?) rethrows -> String? {
        guard measurements.contains(where: { $0.mode == "compiled" }) else { return nil }
        var lines = ["fresh deploy from sources vs with the exported compiled releases (empty home, medians / mins):"]
        for workload in workloads {
            let sources = samples(workload.name, "default", "fresh")
            let compiled = samples(workload.name, "compiled", "fresh")
            guard sources.median > 0, compiled.median > 0, compiled.min > 0 else { continue }
            var exportSeconds = Samples()
            for round in Set(
                measurements.filter { $0.workload == workload.name && $0.operation == "export" }.map(\.round))
            {
                exportSeconds.append(
                    seconds: measurements.filter {
                        $0.workload == workload.name && $0.operation == "export" && $0.round == round
                    }.map(\.seconds).reduce(0, +))
            }
            lines.append(
                String(
                    format: "  %-6@ sources %8.3f / %7.3f s   compiled %8.3f / %7.3f s   ratio %.2fx, %.2fx",
                    workload.name, sources.median, sources.min, compiled.median, compiled.min,
                    sources.median / compiled.median, sources.min / compiled.min))
            if let cold = try timeline(workload.name, "default") {
                lines.append(
                    String(
                        format:
                            "         floor of the deploy from sources: its package steps kept the VM busy %.3f s of its %.3f s (median round)",
                        cold.compileBusySeconds, cold.total))
            }
            if let warm = try timeline(workload.name, "compiled") {
                lines.append(
                    String(
                        format: "         with compiled releases: %d packages compiled on the VM, %d shipped compiled",
                        warm.compileSteps.filter { $0.outcome == "finished" }.count,
                        warm.compileSteps.filter { $0.outcome == "skipped" }.count))
            }
            if exportSeconds.seconds.count > 0 {
                lines.append(
                    String(
                        format: "         deployer export-release of its releases: %.3f s (median of %d)",
                        exportSeconds.median, exportSeconds.seconds.count))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// No-op deploy time against the size of what the manifest names.
    var noopVersusSize: String {
        let mode = measurements.contains { $0.mode == "default" } ? "default" : (measurements.first?.mode ?? "default")
        var lines = ["no-op deploy time vs release size (\(Self.title(of: mode)), medians):"]
        for workload in workloads {
            let cell = samples(workload.name, mode, "noop")
            lines.append(
                String(
                    format: "  %-6@ %8.3f s for %7.1f MiB of releases + stemcell, %2d packages compiled on the VM",
                    workload.name, cell.median, Double(workload.bytes) / 1_048_576, workload.packages))
        }
        if workloads.count >= 2 {
            let small = workloads[0], large = workloads[workloads.count - 1]
            let timeRatio =
                samples(large.name, mode, "noop").median / max(1e-9, samples(small.name, mode, "noop").median)
            let sizeRatio = Double(large.bytes) / Double(max(1, small.bytes))
            lines.append(
                String(
                    format: "  %@ / %@: no-op time x%.2f for size x%.2f (packages x%.1f)",
                    large.name, small.name, timeRatio, sizeRatio,
                    Double(large.packages) / Double(max(1, small.packages))))
        }
        return lines.joined(separator: "\n")
    }

    /// What a fresh deploy's events say about its package steps.
    static func compileSummary(_ timeline: StageTimeline) -> String {
        let steps = timeline.compileSteps
        guard let first = steps.map(\.start).min(), let last = steps.map(\.end).max() else {
            return "no package steps"
        }
        let compiled = steps.filter { $0.outcome == "finished" }.count
        let skipped = steps.filter { $0.outcome == "skipped" }.count
        let sum = steps.map(\.duration).reduce(0, +)
        let span = last - first
        return String(
            format:
                "%d packages compiled, %d skipped; package steps sum %.2f s over a %.2f s span (%.2f steps in flight on average); deploy %.2f s",
            compiled, skipped, sum, span, span > 0 ? sum / span : 0, timeline.total)
    }

    /// Where a deploy's time went: its longest simple steps.
    static func longestSteps(_ timeline: StageTimeline, count: Int = 4) -> String {
        let steps = timeline.steps.filter { $0.kind == "simple" }.sorted { $0.duration > $1.duration }.prefix(count)
        let parts = steps.map { String(format: "%@ %.3f s", StageChart.shortName($0.name), $0.duration) }
        return String(format: "%.3f s from first to last event; longest steps: ", timeline.total)
            + parts.joined(separator: ", ")
    }

    /// The label of a mode.
    static func title(of mode: String) -> String {
        switch mode {
        case "parallel-1": "--parallel 1"
        case "compiled": "compiled releases"
        default: mode
        }
    }
}

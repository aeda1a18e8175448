import Foundation

/// Draws deploys' stages as an SVG Gantt chart: one row per stage or step, a horizontal bar
/// from its start to its end (seconds from the deploy's first event on the axis), its name on
/// the left and its duration at the bar's end. Several panels (e.g. `--parallel 1` and the
/// default) share one time axis so they compare at a glance; overlapping bars are steps that
/// ran at the same time.
struct StageChart: Sendable {
    /// One deploy to draw.
    struct Panel: Sendable {
        /// The panel's heading.
        var title: String
        /// Its steps.
        var timeline: StageTimeline
    }

    /// The chart's heading.
    var title: String
    /// A second heading line (machine, load, how the run was picked).
    var subtitle: String
    /// The deploys, top to bottom.
    var panels: [Panel]

    private let width = 1_000.0
    private let labelWidth = 400.0
    private let rowHeight = 16.0
    private let barHeight = 11.0

    /// The SVG document.
    var svg: String {
        let longest = panels.map(\.timeline.total).max() ?? 1
        let step = Self.tickStep(for: longest)
        let axisEnd = max(step, (longest / step).rounded(.up) * step)
        let plotLeft = labelWidth + 10, plotWidth = width - plotLeft - 70
        func x(_ seconds: Double) -> Double { plotLeft + plotWidth * seconds / axisEnd }

        var body: [String] = []
        var y = 20.0
        body.append(text(title, x: 10, y: y, size: 15, weight: "bold"))
        y += 18
        body.append(text(subtitle, x: 10, y: y, size: 11, fill: "#444"))
        y += 14
        for panel in panels {
            y += 22
            body.append(
                text(
                    panel.title + String(format: " (%.1f s)", panel.timeline.total), x: 10, y: y, size: 13,
                    weight: "bold"))
            y += 8
            let top = y
            let bottom = top + rowHeight * Double(panel.timeline.steps.count)
            // Axis: a faint grid line every `step` seconds, under the bars, and its tick labels.
            var tick = 0.0
            while tick <= axisEnd + 1e-9 {
                body.append(
                    String(
                        format: ##"<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd"/>"##, x(tick), top,
                        x(tick), bottom))
                body.append(text(String(format: "%g", tick), x: x(tick), y: bottom + 13, size: 10, anchor: "middle"))
                tick += step
            }
            for row in panel.timeline.steps {
                let indent = 12.0 * Double(row.path.count)
                let label = Self.shortName(row.name) + (row.outcome == "skipped" ? " (skipped)" : "")
                body.append(
                    text(Self.clip(label, to: Int((labelWidth - indent) / 5.6)), x: 10 + indent, y: y + 11, size: 10))
                let left = x(row.start), barWidth = max(1, x(row.end) - left)
                let height = row.kind == "complex" ? rowHeight - 2 : barHeight
                let offset = row.kind == "complex" ? 1.0 : (rowHeight - barHeight) / 2
                body.append(
                    String(
                        format:
                            #"<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%@"><title>%@</title></rect>"#,
                        left, y + offset, barWidth, height, Self.color(for: row), Self.escape(row.name)))
                body.append(
                    text(
                        String(format: "%.2f s", row.duration), x: left + barWidth + 4, y: y + 11, size: 9, fill: "#333"
                    ))
                y += rowHeight
            }
            body.append(
                String(
                    format: ##"<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#333"/>"##, plotLeft, y,
                    x(axisEnd), y))
            body.append(
                text("seconds since the deploy started", x: x(axisEnd / 2), y: y + 27, size: 10, anchor: "middle"))
            y += 34
        }
        y += 8
        let legend: [(String, String)] = [
            ("#7f9cc0", "complex stage"), ("#2b6cb0", "step"), ("#dd6b20", "package compiled on the VM"),
            ("#b8b8b8", "skipped"), ("#c53030", "failed"),
        ]
        var legendX = 10.0
        for (color, name) in legend {
            body.append(
                String(format: #"<rect x="%.1f" y="%.1f" width="12" height="10" fill="%@"/>"#, legendX, y - 9, color))
            body.append(text(name, x: legendX + 16, y: y, size: 10))
            legendX += 30 + Double(name.count) * 5.6
        }
        y += 12
        let header = String(
            format:
                #"<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="Helvetica, Arial, sans-serif">"#,
            width, y, width, y)
        return
            ([header, String(format: #"<rect width="%.0f" height="%.0f" fill="white"/>"#, width, y)] + body + ["</svg>"])
            .joined(separator: "\n") + "\n"
    }

    /// A tick spacing giving at most about 12 ticks over `seconds`.
    static func tickStep(for seconds: Double) -> Double {
        for step in [0.5, 1, 2, 5, 10, 15, 20, 30, 60, 120, 300] where seconds / step <= 12 { return step }
        return 600
    }

    /// The name without package fingerprints and with CIDs cut to their kind, so labels fit.
    static func shortName(_ name: String) -> String {
        name.replacing(#/\/[0-9a-f]{40,}/#, with: "")
            .replacing(#/(vm|disk|stemcell)-[0-9a-f]{8}-[0-9a-f-]{27}/#) { "\($0.output.1)-…" }
    }

    /// `text` cut to `count` characters with an ellipsis.
    static func clip(_ text: String, to count: Int) -> String {
        text.count <= count ? text : String(text.prefix(max(1, count - 1))) + "…"
    }

    /// Escapes the XML special characters.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private static func color(for step: StageTimeline.Step) -> String {
        switch step.outcome {
        case "failed": "#c53030"
        case "skipped": "#b8b8b8"
        default:
            step.kind == "complex" ? "#7f9cc0" : step.name.hasPrefix("Compiling package") ? "#dd6b20" : "#2b6cb0"
        }
    }

    private func text(
        _ content: String, x: Double, y: Double, size: Int, weight: String = "normal", fill: String = "#111",
        anchor: String = "start"
    ) -> String {
        String(
            format: #"<text x="%.1f" y="%.1f" font-size="%d" font-weight="%@" fill="%@" text-anchor="%@">%@</text>"#,
            x, y, size, weight, fill, anchor, Self.escape(content))
    }
}

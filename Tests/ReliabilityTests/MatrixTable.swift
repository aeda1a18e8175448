import Foundation

/// The fault matrix as a text table: one row per scenario and fault kind, with totals, then
/// the cells that did not hold.
enum MatrixTable {
    static func render(_ results: [CellResult]) -> String {
        let header = [
            "scenario", "fault", "cells", "fired", "converged", "orphans", "lost state", "leaks", "cannot hold", "time",
        ]
        var rows: [[String]] = []
        for scenario in Scenario.allCases {
            for kind in FaultKind.allCases {
                let cells = results.filter { $0.spec.scenario == scenario && $0.spec.kind == kind }
                guard !cells.isEmpty else { continue }
                rows.append(row(scenario.rawValue, kind.rawValue, cells))
            }
        }
        rows.append(row("total", "", results))
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index < 2
                    ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  ")
        }
        var text = [line(header), String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))]
        text += rows.dropLast().map(line)
        text.append(text[1])
        text.append(line(rows[rows.count - 1]))
        let failed = results.filter { !$0.holds }
        if !failed.isEmpty {
            text.append("")
            text.append("Cells that did not hold:")
            for result in failed {
                text.append("- " + describe(result))
            }
        }
        return text.joined(separator: "\n") + "\n"
    }

    /// One line naming a cell and what it showed.
    static func describe(_ result: CellResult) -> String {
        let spec = result.spec
        var problems: [String] = []
        if !result.fired { problems.append("fault did not fire") }
        if !result.stateParsed { problems.append("state file did not parse") }
        if !result.converged { problems.append("re-run did not converge") }
        if !result.orphans.isEmpty { problems.append("orphans: \(result.orphans.joined(separator: ", "))") }
        if !result.lost.isEmpty { problems.append("lost: \(result.lost.joined(separator: ", "))") }
        if result.leaks > 0 { problems.append("\(result.leaks) secrets leaked") }
        let label = result.cannotHold ? " [cannot hold, documented]" : ""
        return "\(spec.scenario.rawValue) / \(spec.kind.rawValue) at call \(spec.point.index) '\(spec.point.method)'"
            + "\(label): \(problems.isEmpty ? "holds" : problems.joined(separator: "; "))"
    }

    private static func row(_ scenario: String, _ kind: String, _ cells: [CellResult]) -> [String] {
        let seconds = cells.reduce(0.0) { total, cell in
            total + Double(cell.duration.components.seconds) + Double(cell.duration.components.attoseconds) / 1e18
        }
        return [
            scenario, kind, "\(cells.count)", "\(cells.filter(\.fired).count)", "\(cells.filter(\.converged).count)",
            "\(cells.reduce(0) { $0 + $1.orphans.count })", "\(cells.reduce(0) { $0 + $1.lost.count })",
            "\(cells.reduce(0) { $0 + $1.leaks })", "\(cells.filter(\.cannotHold).count)",
            "\(Int(seconds.rounded()))s",
        ]
    }
}

import Deployer

/// The text of a terminal progress bar: `[=========>          ]  45% 12.0/26.7 MiB`.
enum ProgressBar {
    static let width = 20

    static func text(_ amount: ProgressAmount) -> String {
        let counts: String
        switch amount {
        case .bytes(let done, let total):
            counts = total.map { "\(mebibytes(done))/\(mebibytes($0)) MiB" } ?? "\(mebibytes(done)) MiB"
        case .items(let done, let total):
            counts = "\(done)/\(total)"
        case .elapsed(let seconds):
            return "running \(StageDurationFormat.string(.seconds(seconds)))"
        }
        guard let fraction = amount.fraction else { return counts }
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar: String
        if filled >= width {
            bar = String(repeating: "=", count: width)
        } else {
            bar = String(repeating: "=", count: filled) + ">" + String(repeating: " ", count: width - filled - 1)
        }
        let percent = Int((fraction * 100).rounded(.down))
        let percentText = String(repeating: " ", count: max(0, 3 - String(percent).count)) + "\(percent)%"
        return "[\(bar)] \(percentText) \(counts)"
    }

    /// One decimal place, computed with integers so the text does not depend on the locale.
    private static func mebibytes(_ bytes: Int64) -> String {
        let tenths = max(0, bytes) * 10 / (1024 * 1024)
        return "\(tenths / 10).\(tenths % 10)"
    }
}

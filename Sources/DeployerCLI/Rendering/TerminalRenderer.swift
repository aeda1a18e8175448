import Deployer
import Synchronization

/// Renders events as bosh-cli's terminal lines (`ui/stage.go`, `ui/indenting_ui.go`):
///
/// ```
///
/// Started deploying
///   Creating VM for instance 'bosh/0' from stemcell 'sc-1'... Finished (00:00:01)
///   Compiling package 'ruby/8c1c'... Skipped [Package already compiled] (00:00:00)
/// Finished deploying (00:01:02)
/// ```
///
/// A complex stage is always preceded by a blank line; a simple step is preceded by one only
/// when it follows a complex stage at its level; each nesting level indents by two spaces
/// (blank lines too, as bosh-cli's indenting UI does). Progress bars are drawn only when
/// `isTTY` is set, on the step's own line, and replaced by the final outcome. On a terminal a
/// step that runs longer than `liveTimeAfter` also shows its running time, redrawn by `tick()`
/// every second, so a long upload, compile, agent wait or drain never looks hung; without a
/// terminal the output stays one finished line at a time.
public final class TerminalRenderer: EventSink {
    private struct OpenLine {
        var depth: Int
        var name: String
        /// Whether something was drawn after `name...` (a bar or a running time).
        var hasBar: Bool
        /// The clock's reading when the step started.
        var startedAt: Duration
        /// The step's last progress, if it reported any.
        var amount: ProgressAmount?
    }

    private struct SummaryEntry {
        var name: String
        var outcome: String
        var duration: Duration
    }

    private struct RenderState {
        /// bosh-cli's `simpleMode` per nesting level; a fresh level starts in simple mode.
        var simpleMode: [Bool] = [true]
        var open: OpenLine?
        var summary: [SummaryEntry] = []
    }

    /// How long a step runs before its line shows the running time.
    public static let liveTimeAfter = Duration.seconds(2)

    private let output: any TextOutput
    private let isTTY: Bool
    private let clock: any DeployClock
    private let state = Mutex(RenderState())

    /// Creates a renderer.
    /// - Parameters:
    ///   - output: Receives the text.
    ///   - isTTY: Whether the output is a terminal (enables progress bars and running times).
    ///   - clock: Times the running step for its live running time.
    public init(output: any TextOutput, isTTY: Bool = false, clock: any DeployClock = SystemDeployClock()) {
        self.output = output
        self.isTTY = isTTY
        self.clock = clock
    }

    /// Redraws the running step's line with its running time, once it has run longer than
    /// `liveTimeAfter`; does nothing without a terminal.
    public func tick() {
        guard isTTY else { return }
        state.withLock { state in
            guard var open = state.open, let status = statusText(open) else { return }
            output.write("\r\(indent(open.depth))\(open.name)... \(status)")
            open.hasBar = true
            state.open = open
        }
    }

    /// Calls `tick()` every second until the task is cancelled; returns at once without a
    /// terminal.
    public func tickEverySecond() async {
        guard isTTY else { return }
        while (try? await Task.sleep(for: .seconds(1))) != nil {
            tick()
        }
    }

    public func emit(_ event: DeployEvent) {
        state.withLock { state in
            render(event, into: &state)
        }
    }

    /// Writes a table of the time spent in each top-level step, for the end of a command.
    public func writeSummary() {
        state.withLock { state in
            closeOpenLine(&state)
            guard !state.summary.isEmpty else { return }
            let width = state.summary.map(\.name.count).max() ?? 0
            var text = "\nTime per stage:\n"
            for entry in state.summary {
                let padding = String(repeating: " ", count: width - entry.name.count)
                let outcome = entry.outcome.isEmpty ? "" : " (\(entry.outcome))"
                text += "  \(entry.name)\(padding)  \(StageDurationFormat.string(entry.duration))\(outcome)\n"
            }
            output.write(text)
        }
    }

    // MARK: Rendering

    private func render(_ event: DeployEvent, into state: inout RenderState) {
        switch event {
        case .stageStarted(let path, let name, .simple):
            let depth = path.count
            closeOpenLine(&state)
            ensureLevel(depth, in: &state)
            if !state.simpleMode[depth] {
                writeLine("", depth: depth)
                state.simpleMode[depth] = true
            }
            output.write("\(indent(depth))\(name)...")
            state.open = OpenLine(depth: depth, name: name, hasBar: false, startedAt: clock.elapsed())

        case .stageStarted(let path, let name, .complex):
            let depth = path.count
            closeOpenLine(&state)
            ensureLevel(depth, in: &state)
            writeLine("", depth: depth)
            state.simpleMode[depth] = false
            writeLine("Started \(name)", depth: depth)
            state.simpleMode.removeSubrange((depth + 1)...)
            state.simpleMode.append(true)

        case .stageFinished(let path, let name, .simple, let duration):
            endSimple(path: path, name: name, suffix: " Finished (\(StageDurationFormat.string(duration)))", in: &state)
            record(path: path, name: name, outcome: "", duration: duration, in: &state)

        case .stageFailed(let path, let name, .simple, let duration, _):
            endSimple(path: path, name: name, suffix: " Failed (\(StageDurationFormat.string(duration)))", in: &state)
            record(path: path, name: name, outcome: "failed", duration: duration, in: &state)

        case .stageSkipped(let path, let name, let reason, let duration):
            endSimple(
                path: path, name: name,
                suffix: " Skipped [\(reason)] (\(StageDurationFormat.string(duration)))", in: &state)
            record(path: path, name: name, outcome: "skipped", duration: duration, in: &state)

        case .stageFinished(let path, let name, .complex, let duration):
            endComplex(path: path, line: "Finished \(name) (\(StageDurationFormat.string(duration)))", in: &state)
            record(path: path, name: name, outcome: "", duration: duration, in: &state)

        case .stageFailed(let path, let name, .complex, let duration, _):
            endComplex(path: path, line: "Failed \(name) (\(StageDurationFormat.string(duration)))", in: &state)
            record(path: path, name: name, outcome: "failed", duration: duration, in: &state)

        case .progress(let path, let name, let amount):
            guard isTTY, var open = state.open, open.depth == path.count, open.name == name else { return }
            open.amount = amount
            output.write("\r\(indent(open.depth))\(name)... \(statusText(open) ?? ProgressBar.text(amount))")
            open.hasBar = true
            state.open = open

        case .warning(let message):
            closeOpenLine(&state)
            writeLine("Warning: \(message)", depth: 0)

        case .info(let message):
            closeOpenLine(&state)
            writeLine(message, depth: 0)

        case .failureLogs:
            // The error the command ends with prints them, under its message.
            break
        }
    }

    /// What follows `name... ` on a running step's line: its progress bar, and its running time
    /// once it has run `liveTimeAfter`; nil when there is nothing to show yet.
    private func statusText(_ open: OpenLine) -> String? {
        let running = clock.elapsed() - open.startedAt
        let showsTime = running >= Self.liveTimeAfter
        switch open.amount {
        case .bytes?, .items?:
            let bar = open.amount.map(ProgressBar.text) ?? ""
            return showsTime ? "\(bar) (\(StageDurationFormat.string(running)))" : bar
        case .elapsed(let seconds)?:
            return ProgressBar.text(.elapsed(seconds: showsTime ? Int(running.components.seconds) : seconds))
        case nil:
            return showsTime ? ProgressBar.text(.elapsed(seconds: Int(running.components.seconds))) : nil
        }
    }

    private func endSimple(path: [String], name: String, suffix: String, in state: inout RenderState) {
        let depth = path.count
        if let open = state.open, open.depth == depth, open.name == name {
            if open.hasBar {
                // Redraw the whole line over the bar, then erase what the bar left to the right.
                output.write("\r\(indent(depth))\(name)...\(suffix)\u{1B}[K\n")
            } else {
                output.write("\(suffix)\n")
            }
        } else {
            // Something else was printed while the step ran: repeat its name on the outcome line.
            closeOpenLine(&state)
            output.write("\(indent(depth))\(name)...\(suffix)\n")
        }
        state.open = nil
    }

    private func endComplex(path: [String], line: String, in state: inout RenderState) {
        let depth = path.count
        closeOpenLine(&state)
        ensureLevel(depth, in: &state)
        state.simpleMode.removeSubrange((depth + 1)...)
        writeLine(line, depth: depth)
    }

    /// Ends a pending `name...` line so another line can be printed.
    private func closeOpenLine(_ state: inout RenderState) {
        guard let open = state.open else { return }
        if open.hasBar {
            output.write("\r\(indent(open.depth))\(open.name)...\u{1B}[K\n")
        } else {
            output.write("\n")
        }
        state.open = nil
    }

    private func ensureLevel(_ depth: Int, in state: inout RenderState) {
        while state.simpleMode.count <= depth { state.simpleMode.append(true) }
    }

    private func record(path: [String], name: String, outcome: String, duration: Duration, in state: inout RenderState)
    {
        guard path.isEmpty else { return }
        state.summary.append(SummaryEntry(name: name, outcome: outcome, duration: duration))
    }

    private func writeLine(_ text: String, depth: Int) {
        output.write("\(indent(depth))\(text)\n")
    }

    private func indent(_ depth: Int) -> String {
        String(repeating: "  ", count: depth)
    }
}

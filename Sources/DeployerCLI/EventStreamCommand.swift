import ArgumentParser

/// A command that takes `--json`: with it, everything it writes to standard output is one
/// JSON object per line (docs/events.md), ending with one `result` event.
protocol EventStreamCommand {
    /// Whether `--json` was given.
    var writesJSON: Bool { get }
    /// The exit statuses that mean the command did its work (`plan`: 0 and 2).
    var successStatuses: Set<Int32> { get }
}

extension EventStreamCommand {
    var successStatuses: Set<Int32> { [0] }
}

/// `--json`, shared by every command.
struct JSONOutputOption: ParsableArguments {
    @Flag(name: .customLong("json"), help: "Write the output as JSON lines (NDJSON) instead of text.")
    var json = false
}

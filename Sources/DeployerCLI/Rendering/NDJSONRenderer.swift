import Deployer
import DeployerSupport
import Foundation
import Synchronization

/// Streams events as newline-delimited JSON (`--json`): one object per line, written the
/// moment the event arrives.
///
/// Every object has `schema_version`, `time` (ISO 8601, UTC, milliseconds) and `event`; the
/// other fields depend on the event (see `NDJSONLine` and docs/events.md). Field names are stable. Every string, including stage
/// names and error messages, goes through `redact` first, so secrets that reached a message
/// are not written.
public final class NDJSONRenderer: EventSink {
    private let output: any TextOutput
    private let clock: any DeployClock
    private let redact: @Sendable (String) -> String
    /// Serializes writes so each line is written whole and in event order.
    private let lock = Mutex(())

    /// Creates a renderer.
    /// - Parameters:
    ///   - output: Receives one JSON object and a line feed per event.
    ///   - clock: Supplies the `time` of each line.
    ///   - redact: Applied to every string written; the shared `Redactor` by default.
    public init(
        output: any TextOutput, clock: any DeployClock = SystemDeployClock(),
        redact: @escaping @Sendable (String) -> String = { Redactor().redact($0) }
    ) {
        self.output = output
        self.clock = clock
        self.redact = redact
    }

    public func emit(_ event: DeployEvent) {
        write(NDJSONLine(event: event, time: clock.wallTime(), redact: redact))
    }

    /// Writes a command's own event (its plan, its error, its result).
    public func emit(_ event: CommandEvent) {
        write(NDJSONLine(event: event, time: clock.wallTime(), redact: redact))
    }

    private func write(_ line: NDJSONLine) {
        let text = line.jsonText()
        lock.withLock { _ in output.write(text + "\n") }
    }
}

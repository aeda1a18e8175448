/// Receives progress events as they happen.
///
/// `emit(_:)` is synchronous and called in event order from the running command; an
/// implementation must not block for long (renderers write one line to an injected output).
public protocol EventSink: Sendable {
    /// Handles one event.
    func emit(_ event: DeployEvent)
}

/// Sends every event to several sinks in order (e.g. the terminal and a debug log).
public struct FanOutEventSink: EventSink {
    /// The sinks, called in this order.
    public let sinks: [any EventSink]

    /// Creates a sink forwarding to `sinks`.
    public init(_ sinks: [any EventSink]) { self.sinks = sinks }

    public func emit(_ event: DeployEvent) {
        for sink in sinks { sink.emit(event) }
    }
}

/// A sink that drops everything, for commands run without progress output.
public struct DiscardingEventSink: EventSink {
    /// Creates the sink.
    public init() {}
    public func emit(_ event: DeployEvent) {}
}

import CPIProtocol

/// A `Cloud` that passes every call through `FaultInjection` (counted, traced, maybe killed).
struct FaultInjectingCloud: Cloud {
    let base: any Cloud
    let faults: FaultInjection

    func send<Message: CPIMessage>(_ message: Message) async throws -> Message.Result {
        try await faults.around("cpi \(Message.method.rawValue)") { try await base.send(message) }
    }
}

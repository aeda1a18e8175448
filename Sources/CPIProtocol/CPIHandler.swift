/// A `Cloud` written in Swift (a CPI served by `CPIServer`, or a test double): `send` looks the
/// message's type up in `routes` and runs what is registered for it.
///
/// A method with no route answers `Bosh::Clouds::NotImplemented`, which bosh-cli tolerates for
/// the metadata calls. Throw `CPIResponseError` to answer with a specific type (`VMNotFound`,
/// `DiskNotFound`...); `CPIServer` answers any other error as a `Bosh::Clouds::CloudError` with
/// the error's description. While serving, `CPICall.current` is the call being answered.
///
/// ```swift
/// struct MyCloud: CPIHandler {
///     static let routes = CPIRoutes<MyCloud>()
///         .on(HasVMArguments.self) { cloud, message in try await cloud.handle(message) }
///     func handle(_ message: HasVMArguments) async throws -> Bool { ... }
/// }
/// ```
public protocol CPIHandler: Cloud {
    /// What the handler does per message type.
    static var routes: CPIRoutes<Self> { get }
}

extension CPIHandler {
    public func send<Message: CPIMessage>(_ message: Message) async throws -> Message.Result {
        try await Self.routes.route(message, to: self)
    }
}

/// The implementations of CPI methods by message type, for a `CPIHandler`; each one receives
/// the handler (`Receiver`) and the decoded message.
public struct CPIRoutes<Receiver: Sendable>: Sendable {
    /// A `Route<Message>` per method: a method has exactly one message type, so the lookup by
    /// `Message.method` always finds the route `on` stored for that type.
    private var routes: [CPIMethod: any Sendable] = [:]

    private final class Route<Message: CPIMessage>: Sendable {
        let body: @Sendable (Receiver, Message) async throws -> Message.Result
        init(_ body: @escaping @Sendable (Receiver, Message) async throws -> Message.Result) { self.body = body }
    }

    /// An empty table: every method answers NotImplemented.
    public init() {}

    /// This table with `body` answering `Message` (replacing any earlier route for it).
    public func on<Message: CPIMessage>(
        _: Message.Type, _ body: @escaping @Sendable (Receiver, Message) async throws -> Message.Result
    ) -> CPIRoutes {
        var copy = self
        copy.routes[Message.method] = Route(body)
        return copy
    }

    /// Whether `method` has a route.
    public func handles(_ method: CPIMethod) -> Bool { routes[method] != nil }

    /// Runs the route of `message` on `receiver`.
    ///
    /// - Throws: `CPIResponseError.notImplemented` when the method has no route, and whatever
    ///   the route throws.
    public func route<Message: CPIMessage>(_ message: Message, to receiver: Receiver) async throws -> Message.Result {
        guard let route = routes[Message.method] as? Route<Message> else {
            throw CPIResponseError.notImplemented(Message.method)
        }
        return try await route.body(receiver, message)
    }
}

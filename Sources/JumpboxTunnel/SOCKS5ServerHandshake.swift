/// The server side of a SOCKS5 handshake (RFC 1928) with username/password authentication
/// (RFC 1929), as bytes in and decisions out, so it can be tested without sockets. Only what
/// libcurl sends is accepted: the username/password method, then one CONNECT.
struct SOCKS5ServerHandshake {
    /// What the server does next.
    enum Step: Equatable {
        /// Wait for more bytes.
        case needMore
        /// Send these bytes and go on reading.
        case respond([UInt8])
        /// Send these bytes (possibly none) and close.
        case reject([UInt8])
        /// Open a connection to `host:port` for the client that logged in as `username`, then
        /// reply; `leftover` are bytes the client sent after its request.
        case connect(host: String, port: Int, username: String, leftover: [UInt8])
    }

    /// Reply codes of RFC 1928 §6.
    enum ReplyCode: UInt8 {
        case succeeded = 0, generalFailure = 1, notAllowed = 2, hostUnreachable = 4, connectionRefused = 5
        case commandNotSupported = 7, addressTypeNotSupported = 8
    }

    private enum Phase { case greeting, authentication, request, done }

    private var phase = Phase.greeting
    private var buffer: [UInt8] = []
    private var username = ""
    private let password: [UInt8]

    /// - Parameter password: the only password accepted (any username is).
    init(password: String) {
        self.password = Array(password.utf8)
    }

    /// The reply to a CONNECT, with an unspecified bound address (clients ignore it).
    static func reply(_ code: ReplyCode) -> [UInt8] {
        [5, code.rawValue, 0, 1, 0, 0, 0, 0, 0, 0]
    }

    /// Takes bytes the client sent.
    mutating func append(_ bytes: [UInt8]) {
        buffer += bytes
    }

    /// The next step for what has been received so far.
    mutating func next() -> Step {
        switch phase {
        case .greeting: return greeting()
        case .authentication: return authentication()
        case .request: return request()
        case .done: return .needMore
        }
    }

    private mutating func greeting() -> Step {
        guard buffer.count >= 2 else { return .needMore }
        guard buffer[0] == 5 else { return finish(.reject([])) }
        let count = Int(buffer[1])
        guard buffer.count >= 2 + count else { return .needMore }
        let methods = buffer[2..<2 + count]
        buffer.removeFirst(2 + count)
        // 2: username/password; without it anyone on this machine could use the tunnel.
        guard methods.contains(2) else { return finish(.reject([5, 0xFF])) }
        phase = .authentication
        return .respond([5, 2])
    }

    private mutating func authentication() -> Step {
        guard buffer.count >= 2 else { return .needMore }
        guard buffer[0] == 1 else { return finish(.reject([1, 1])) }
        let userLength = Int(buffer[1])
        guard buffer.count >= 3 + userLength else { return .needMore }
        let passwordLength = Int(buffer[2 + userLength])
        guard buffer.count >= 3 + userLength + passwordLength else { return .needMore }
        let user = Array(buffer[2..<2 + userLength])
        let given = Array(buffer[(3 + userLength)..<(3 + userLength + passwordLength)])
        buffer.removeFirst(3 + userLength + passwordLength)
        guard Self.constantTimeEqual(given, password) else { return finish(.reject([1, 1])) }
        username = String(decoding: user, as: UTF8.self)
        phase = .request
        return .respond([1, 0])
    }

    private mutating func request() -> Step {
        guard buffer.count >= 5 else { return .needMore }
        guard buffer[0] == 5 else { return finish(.reject([])) }
        guard buffer[1] == 1 else { return finish(.reject(Self.reply(.commandNotSupported))) }
        let host: String
        let addressEnd: Int
        switch buffer[3] {
        case 1:
            addressEnd = 4 + 4
            guard buffer.count >= addressEnd + 2 else { return .needMore }
            host = buffer[4..<addressEnd].map(String.init).joined(separator: ".")
        case 3:
            addressEnd = 5 + Int(buffer[4])
            guard buffer.count >= addressEnd + 2 else { return .needMore }
            host = String(decoding: buffer[5..<addressEnd], as: UTF8.self)
        case 4:
            addressEnd = 4 + 16
            guard buffer.count >= addressEnd + 2 else { return .needMore }
            host = stride(from: 4, to: addressEnd, by: 2)
                .map { String(UInt16(buffer[$0]) << 8 | UInt16(buffer[$0 + 1]), radix: 16) }
                .joined(separator: ":")
        default:
            return finish(.reject(Self.reply(.addressTypeNotSupported)))
        }
        let port = Int(buffer[addressEnd]) << 8 | Int(buffer[addressEnd + 1])
        let leftover = Array(buffer[(addressEnd + 2)...])
        buffer = []
        return finish(.connect(host: host, port: port, username: username, leftover: leftover))
    }

    private mutating func finish(_ step: Step) -> Step {
        phase = .done
        buffer = []
        return step
    }

    private static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return zip(lhs, rhs).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

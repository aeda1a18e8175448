import Foundation
import NIOCore
import NIOPosix

/// A loopback TCP server that echoes what it reads, or (silent) never answers.
final class EchoServer: Sendable {
    let port: Int
    private let channel: any Channel

    init(silent: Bool = false) throws {
        channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if !silent { try channel.pipeline.syncOperations.addHandler(Echo()) }
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
        port = channel.localAddress?.port ?? 0
    }

    func close() { try? channel.close().wait() }

    private final class Echo: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.writeAndFlush(data, promise: nil)
        }
    }
}

/// What libcurl does as a SOCKS5 client with a username and password, over a blocking socket.
final class SOCKS5TestClient {
    struct Refused: Error {}
    private let fd: Int32
    /// Closed once only: a second close(2) could hit a descriptor number another thread has
    /// been given since (swift-subprocess traps when its own is closed under it).
    private var closed = false

    /// Connects to the relay and logs in. - Throws: `Refused` when the login is refused.
    init(port: Int, username: String, password: String) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { throw Refused() }
        try send([5, 1, 2])
        guard try receive(count: 2) == [5, 2] else { throw Refused() }
        try send(
            [1, UInt8(username.utf8.count)] + Array(username.utf8) + [UInt8(password.utf8.count)] + Array(password.utf8)
        )
        guard try receive(count: 2) == [1, 0] else { throw Refused() }
    }

    /// Asks for a connection by name; returns the reply code (0: succeeded).
    func connect(host: String, port: Int) throws -> UInt8 {
        try send([5, 1, 0, 3, UInt8(host.utf8.count)] + Array(host.utf8) + [UInt8(port >> 8), UInt8(port & 0xFF)])
        let reply = try receive(count: 10)
        return reply.count > 1 ? reply[1] : 255
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { throw Refused() }
            offset += written
        }
    }

    /// Up to `count` bytes; fewer when the peer closes.
    func receive(count: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while result.count < count {
            let read = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, min($0.count, count - result.count), 0) }
            guard read > 0 else { break }
            result += chunk[0..<read]
        }
        return result
    }

    func close() {
        guard !closed, fd >= 0 else { return }
        closed = true
        Glibc.close(fd)
    }

    deinit { close() }
}

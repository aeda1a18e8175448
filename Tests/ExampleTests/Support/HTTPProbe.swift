import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A minimal blocking HTTP/1.1 client over a plain socket, for talking to the example's
/// server on a loopback address (no TLS, one request per connection).
enum HTTPProbe {
    struct Response: Sendable {
        var status: Int
        var body: String
    }

    /// Sends one request and reads the whole answer (the server closes the connection).
    /// - Throws: `ExampleTestError` when the address is bad or the exchange fails.
    static func send(_ method: String, host: String, port: Int, path: String, body: String = "") throws -> Response {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw ExampleTestError("bad address \(host)") }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ExampleTestError("socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            throw ExampleTestError("connect \(host):\(port): \(String(cString: strerror(errno)))")
        }
        let payload = Array(body.utf8)
        let request =
            "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Length: \(payload.count)\r\n"
            + "Connection: close\r\n\r\n"
        let bytes = Array(request.utf8) + payload
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { throw ExampleTestError("write: \(String(cString: strerror(errno)))") }
            sent += written
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let got = buffer.withUnsafeMutableBufferPointer { read(fd, $0.baseAddress, $0.count) }
            if got == 0 { break }
            guard got > 0 else { throw ExampleTestError("read: \(String(cString: strerror(errno)))") }
            answer += buffer[0..<got]
        }
        let text = String(decoding: answer, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n"),
            let statusText = text.split(separator: " ", maxSplits: 2).dropFirst().first, let status = Int(statusText)
        else { throw ExampleTestError("not an HTTP response: \(text.prefix(200))") }
        return Response(status: status, body: String(text[split.upperBound...]))
    }

    /// Retries `GET path` until the server answers (it starts in the background), up to `seconds`.
    static func waitUntilServing(host: String, port: Int, seconds: Double = 10) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        var lastError: any Error = ExampleTestError("never tried")
        while Date() < deadline {
            do {
                _ = try send("GET", host: host, port: port, path: "/")
                return
            } catch {
                lastError = error
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        throw ExampleTestError("\(host):\(port) does not answer: \(lastError)")
    }
}

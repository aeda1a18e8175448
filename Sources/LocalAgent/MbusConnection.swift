import Foundation
import Logging
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#endif

/// Serves the HTTP requests of one mbus connection: basic auth, `POST /agent`,
/// `PUT|GET /blobs/.../<id>` streamed to and from files, Go-style 404s elsewhere.
struct MbusConnection: Sendable {
    typealias Inbound = NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator

    let configuration: MbusListenConfiguration
    let dispatcher: ActionDispatcher
    let blobstore: LocalBlobstore
    let logger: Logger

    /// Largest RPC body read into memory.
    static let maxRPCBody = 64 << 20

    /// One accepted connection: its request stream and the handle on its blob body sink.
    struct Accepted: Sendable {
        let requests: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
        let blobSink: BlobUploadControl
    }

    func serve(_ connection: Accepted) async {
        let channel = connection.requests
        do {
            let outbound = ResponseWriter(channel: channel.channel)
            try await channel.executeThenClose { inbound, _ in
                var parts = inbound.makeAsyncIterator()
                while let part = try await parts.next() {
                    guard case .head(let head) = part else { continue }
                    guard try await handle(head, &parts, outbound, connection.blobSink) else { break }
                }
            }
        } catch {
            // TLS failures and resets are the client's business; note them for debugging.
            logger.debug("connection ended: \(error)")
        }
    }

    /// Answers one request; returns whether the connection may carry another.
    private func handle(
        _ head: HTTPRequestHead, _ parts: inout Inbound, _ outbound: ResponseWriter, _ blobSink: BlobUploadControl
    ) async throws -> Bool {
        // A blob PUT's body waits in the sink: stored by `receiveBlob`, or dropped with the
        // connection when refused. Nothing else here reads it.
        let path = String(head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        let keepAlive = head.isKeepAlive
        let isAgent = path == "/agent"
        let isBlob = path.hasPrefix("/blobs/")
        guard isAgent || isBlob else {
            try await drain(&parts)
            try await respond(
                outbound, head, status: .notFound, body: Data("404 page not found\n".utf8), keepAlive: keepAlive)
            return keepAlive
        }
        guard configuration.authorizes(head.headers["Authorization"].first) else {
            logger.warning("rejected \(head.method) \(path): wrong or missing credentials")
            // An RPC body is small: read it so closing does not reset the connection before
            // the client has our answer. A blob may be large and unwanted: answer and close.
            if isAgent { try await drain(&parts) }
            try await respond(
                outbound, head, status: .unauthorized, body: Data(), keepAlive: false,
                extraHeaders: [("WWW-Authenticate", "Basic realm=\"\"")])
            return false
        }
        if isAgent {
            guard head.method == .POST else {
                try await drain(&parts)
                try await respond(outbound, head, status: .notFound, body: Data(), keepAlive: keepAlive)
                return keepAlive
            }
            guard let body = try await readBody(&parts, limit: Self.maxRPCBody) else {
                try await respond(
                    outbound, head, status: .badRequest, body: Data("request body too large\n".utf8), keepAlive: false)
                return false
            }
            let reply = await dispatcher.handle(body: body)
            try await respond(
                outbound, head, status: HTTPResponseStatus(statusCode: reply.status), body: reply.body,
                keepAlive: keepAlive, extraHeaders: [("Content-Type", "application/json")])
            return keepAlive
        }
        // Only the last path segment names the blob; `/blobs/` alone names none.
        let id = path.hasSuffix("/") ? "" : String(path.split(separator: "/").last ?? "")
        switch head.method {
        case .PUT:
            return try await receiveBlob(id, head, outbound, blobSink)
        case .GET:
            try await drain(&parts)
            return try await sendBlob(id, head, outbound)
        default:
            try await drain(&parts)
            try await respond(outbound, head, status: .notFound, body: Data(), keepAlive: keepAlive)
            return keepAlive
        }
    }

    // MARK: Blobs

    private func receiveBlob(
        _ id: String, _ head: HTTPRequestHead, _ outbound: ResponseWriter, _ blobSink: BlobUploadControl
    )
        async throws -> Bool
    {
        guard LocalBlobstore.isValidID(id) else {
            try await respond(
                outbound, head, status: .internalServerError, body: Data("invalid blob id\n".utf8), keepAlive: false)
            return false
        }
        if head.headers["Expect"].contains(where: { $0.lowercased() == "100-continue" }) {
            try await outbound.write(.head(HTTPResponseHead(version: head.version, status: .continue)))
        }
        let temporary = blobstore.temporaryPath(forID: id)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            try await respond(
                outbound, head, status: .internalServerError, body: Data("Creating blob file: \(reason)\n".utf8),
                keepAlive: false)
            return false
        }
        // The body is written on the event loop as it is decrypted (BlobUploadSink).
        let outcome: BlobUploadSink.Outcome
        do {
            defer { close(fd) }
            outcome = try await blobSink.attach(fileDescriptor: fd)
        } catch {
            unlink(temporary)
            throw error
        }
        var failure = outcome.failure
        let received = outcome.bytes
        if failure == nil, rename(temporary, blobstore.path(forID: id)) != 0 {
            failure = "Renaming blob file: \(String(cString: strerror(errno)))"
        }
        if let failure {
            unlink(temporary)
            logger.error("storing blob \(id) failed: \(failure)")
            try await respond(
                outbound, head, status: .internalServerError, body: Data((failure + "\n").utf8), keepAlive: false)
            return false
        }
        logger.info("stored blob \(id) (\(received) bytes)")
        try await respond(outbound, head, status: .created, body: Data(), keepAlive: head.isKeepAlive)
        return head.isKeepAlive
    }

    private func sendBlob(_ id: String, _ head: HTTPRequestHead, _ outbound: ResponseWriter) async throws -> Bool {
        let keepAlive = head.isKeepAlive
        guard let path = try? blobstore.existingPath(forID: id) else {
            try await respond(outbound, head, status: .notFound, body: Data(), keepAlive: keepAlive)
            return keepAlive
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        var info = stat()
        guard fd >= 0, fstat(fd, &info) == 0 else {
            if fd >= 0 { close(fd) }
            try await respond(
                outbound, head, status: .internalServerError, body: Data("Opening blob file\n".utf8), keepAlive: false)
            return false
        }
        defer { close(fd) }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Length", value: String(info.st_size))
        headers.add(name: "Content-Type", value: "application/octet-stream")
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        try await outbound.write(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers)))
        do {
            try await BlobFileSender.send(fd: fd, size: Int64(info.st_size), on: outbound.channel).get()
        } catch is BlobFileSender.FileEndedEarly {
            // A file that shrank under us cannot honour its Content-Length: drop the connection.
            throw LocalAgentError("Reading blob '\(id)': file ended early")
        }
        try await outbound.write(.end(nil))
        logger.info("sent blob \(id) (\(info.st_size) bytes)")
        return keepAlive
    }

    // MARK: Plumbing

    private func readBody(_ parts: inout Inbound, limit: Int) async throws -> Data? {
        var body = Data()
        var tooLarge = false
        while let part = try await parts.next() {
            switch part {
            case .body(var buffer):
                if body.count + buffer.readableBytes > limit { tooLarge = true }
                if !tooLarge, let bytes = buffer.readBytes(length: buffer.readableBytes) {
                    body.append(contentsOf: bytes)
                }
            case .end:
                return tooLarge ? nil : body
            case .head:
                continue
            }
        }
        return tooLarge ? nil : body
    }

    private func drain(_ parts: inout Inbound) async throws {
        while let part = try await parts.next() {
            if case .end = part { return }
        }
    }

    private func respond(
        _ outbound: ResponseWriter, _ request: HTTPRequestHead, status: HTTPResponseStatus, body: Data, keepAlive: Bool,
        extraHeaders: [(String, String)] = []
    ) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Length", value: String(body.count))
        for (name, value) in extraHeaders { headers.add(name: name, value: value) }
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        try await outbound.write(.head(HTTPResponseHead(version: request.version, status: status, headers: headers)))
        if !body.isEmpty {
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
        }
        try await outbound.write(.end(nil))
    }
}

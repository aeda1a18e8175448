import AgentProtocol
import Foundation
import NIOHTTP1
import Synchronization

@testable import AgentClient

/// Routes of an agent's mbus listener for the tests: HTTP basic auth, `POST /agent`
/// answered by a script, and an in-memory `/blobs` store.
final class FakeAgentRoutes: Sendable {
    let user: String
    let password: String
    private let script: @Sendable (RPCRequest) -> RPCResponse
    private let state = Mutex<State>(State())

    struct State {
        var blobs: [String: Data] = [:]
        var requests: [RPCRequest] = []
        var blobPaths: [String] = []
    }

    init(user: String = "mbus", password: String, script: @escaping @Sendable (RPCRequest) -> RPCResponse) {
        self.user = user
        self.password = password
        self.script = script
    }

    var requests: [RPCRequest] { state.withLock { $0.requests } }
    var blobPaths: [String] { state.withLock { $0.blobPaths } }
    func blob(_ id: String) -> Data? { state.withLock { $0.blobs[id] } }
    func store(_ data: Data, as id: String) { state.withLock { $0.blobs[id] = data } }

    func handle(_ request: ServerRequest) -> ServerResponse {
        let expected = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        guard request.headers["Authorization"].first == expected else {
            return ServerResponse(status: 401, body: Data(), headers: [("WWW-Authenticate", "Basic realm=\"\"")])
        }
        if request.uri == "/agent" {
            guard request.method == "POST" else { return ServerResponse(status: 404, body: Data()) }
            guard let rpc = try? JSONDecoder().decode(RPCRequest.self, from: request.body) else {
                return ServerResponse(status: 400, body: Data("bad request".utf8))
            }
            state.withLock { $0.requests.append(rpc) }
            let answer = script(rpc)
            let body = (try? JSONEncoder().encode(answer)) ?? Data()
            return ServerResponse(status: 200, body: body, headers: [("Content-Type", "application/json")])
        }
        if request.uri.hasPrefix("/blobs/") {
            // Like the agent: only the last path segment is the blob id.
            let id = String(request.uri.split(separator: "/").last ?? "")
            state.withLock { $0.blobPaths.append(request.uri) }
            switch request.method {
            case "PUT":
                state.withLock { $0.blobs[id] = request.body }
                return ServerResponse(status: 201, body: Data())
            case "GET":
                guard let data = blob(id) else { return ServerResponse(status: 404, body: Data("not found".utf8)) }
                return ServerResponse(status: 200, body: data)
            default:
                return ServerResponse(status: 404, body: Data())
            }
        }
        return ServerResponse(status: 404, body: Data("404 page not found".utf8))
    }
}

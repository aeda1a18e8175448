import DeployerSupport
import Foundation
import JumpboxTunnel

/// Runs `CurlTransfer`s off the cooperative pool and turns their failures into `AgentError`.
enum CurlClient {
    /// Performs `transfer` on a dedicated thread; cancelling the calling task aborts it.
    static func execute(_ transfer: CurlTransfer) async -> Result<CurlResult, CurlFailure> {
        let cancellation = CancellationFlag()
        return await withTaskCancellationHandler {
            if Task.isCancelled { return .failure(.cancelled) }
            return await runOnDedicatedThread(name: "deployer-curl") {
                CurlSession.perform(transfer, cancellation: cancellation)
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    /// The error to throw for `failure`: `CancellationError` or an `AgentError` whose text has
    /// the endpoint's password scrubbed out.
    static func error(for failure: CurlFailure, endpoint: MbusEndpoint, operation: String) -> any Error {
        let reason: AgentError.Reason
        switch failure {
        case .cancelled:
            return CancellationError()
        case .tooLarge(let limit):
            reason = .responseTooLarge(limit: limit)
        case .file(let path, let detail):
            reason = .file(path: path, detail: detail)
        case .proxy(let error):
            reason = .proxy(detail: error.description, permanent: error.isPermanent)
        case .curl(let code, let osErrno, let message):
            let detail = endpoint.scrub("curl \(code): \(message)")
            switch code {
            case 7 where osErrno == Int(ECONNREFUSED): reason = .connectionRefused(detail: detail)
            case 6, 7, 52, 55, 56: reason = .cannotConnect(detail: detail)
            case 28: reason = .timedOut(detail: detail)
            case 60, 51, 83, 90: reason = .certificateNotTrusted(detail: detail)
            case 77: reason = .invalidCA(detail: detail)
            case 35: reason = .tlsHandshakeFailed(detail: detail)
            default: reason = .transport(code: code, detail: endpoint.scrub(message))
            }
        }
        return AgentError(endpoint: endpoint.redacted, operation: operation, reason: reason)
    }
}

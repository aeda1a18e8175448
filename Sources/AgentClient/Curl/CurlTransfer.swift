import DeployerSupport
import Foundation
import JumpboxTunnel

/// Everything one libcurl transfer needs, as plain Sendable values, so the whole curl
/// session can be built and torn down on the transfer thread.
struct CurlTransfer: Sendable {
    /// What the request body comes from.
    enum Upload: Sendable {
        case none
        case data(Data)
        /// Streamed with `CURLOPT_UPLOAD` (a PUT) from the file; never loaded into memory.
        case file(path: String, size: Int64)
    }

    /// Where a 2xx response body goes. Bodies of other statuses are always kept in memory
    /// (bounded) so an error can quote them.
    enum Download: Sendable {
        case memory(limit: Int)
        case file(path: String)
    }

    var method: String
    /// Without userinfo.
    var url: String
    var username: String?
    var password: String?
    var headers: [String] = []
    var upload: Upload = .none
    var download: Download = .memory(limit: 64 << 20)
    var trust: TLSTrust
    var connectTimeout: Duration
    /// Overall limit; `nil` for none (blob transfers of any size).
    var timeout: Duration?
    /// Abort when less than one byte per second moved for this long; `nil` for never.
    var stallTimeout: Duration?
    /// Hash the uploaded or (2xx) downloaded bytes with this algorithm.
    var digest: DigestAlgorithm?
    /// Called with (bytes done, bytes expected) during the transfer, throttled.
    var progress: (@Sendable (Int64, Int64) -> Void)?
    /// Redirects followed (`CURLOPT_MAXREDIRS`); 0 follows none (agent and blob requests).
    var maxRedirects: Int = 0
}

/// What a finished transfer produced.
struct CurlResult: Sendable {
    var statusCode: Int
    /// The body for `.memory` downloads and for non-2xx responses (an excerpt).
    var body: Data
    /// Bytes streamed to the file or from it.
    var streamedBytes: Int64
    /// Hex digest of the streamed bytes, when a `digest` was asked for.
    var digestHex: String?
}

/// Why a transfer produced no response.
enum CurlFailure: Error, Sendable {
    case curl(code: Int, osErrno: Int, message: String)
    case cancelled
    case file(path: String, detail: String)
    case tooLarge(limit: Int)
    /// The jumpbox of `BOSH_ALL_PROXY=ssh+socks5://` failed: no connection, or a refused channel.
    case proxy(JumpboxTunnelError)
}

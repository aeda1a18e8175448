import DeployerSupport
import Foundation

/// The request loop of a CPI written in Swift: read one JSON request, decode it into the
/// method's `CPIMessage`, have a `Cloud` (usually a `CPIHandler`) answer it, write exactly one
/// JSON response. Every failure, including a malformed request or a thrown Swift error, becomes
/// the response's `error`; the process exits 0, as the protocol expects.
///
/// ```swift
/// @main struct LocalCPIMain {
///     static func main() async {
///         exit(await CPIServer(cloud: LocalCloud(...)).run())
///     }
/// }
/// ```
public struct CPIServer<Handler: Cloud>: Sendable {
    /// The methods' implementation.
    public let cloud: Handler

    /// Creates a server for `cloud`.
    public init(cloud: Handler) {
        self.cloud = cloud
    }

    /// Reads the whole request from `input`, writes the response to `output`.
    ///
    /// - Parameters:
    ///   - input: where the request comes from (stdin by default).
    ///   - output: where the response goes (stdout by default).
    /// - Returns: the exit status for the process: 0, or 1 when the response could not be written.
    public func run(input: FileHandle = .standardInput, output: FileHandle = .standardOutput) async -> Int32 {
        let request = (try? input.readToEnd()) ?? Data()
        let response = await respond(to: request)
        do {
            try output.write(contentsOf: response)
            return 0
        } catch {
            return 1
        }
    }

    /// The JSON response bytes for the request bytes `input`. Never throws.
    public func respond(to input: Data) async -> Data {
        await handle(input).encodedJSON()
    }

    /// Decodes and dispatches one request. Never throws.
    public func handle(_ input: Data) async -> CPIResponse {
        let request: CPIRequest
        do {
            request = try JSONDecoder().decode(CPIRequest.self, from: input)
        } catch {
            return CPIResponse(
                error: CPIResponseError(
                    type: .invalidCall, message: "Request cannot be deserialized, details: \(Self.describe(error))"))
        }
        let call = CPICall(context: request.context, apiVersion: request.apiVersion ?? 1)
        guard let method = request.knownMethod else {
            return CPIResponse(
                error: CPIResponseError(type: .invalidCall, message: "Method is not known, got '\(request.method)'"))
        }
        do {
            // The message type decodes the arguments and encodes the result; the call is the
            // task's, so the cloud's one `send` entry point still sees the request's context.
            let result = try await CPICall.$current.withValue(call) {
                try await method.messageType.serve(request.arguments, apiVersion: call.apiVersion, by: cloud)
            }
            return CPIResponse(result: result, log: call.log.text)
        } catch let error as CPIResponseError {
            call.log.write("Rescued error: \(error.type): \(error.message)")
            return CPIResponse(error: error, log: call.log.text)
        } catch {
            let message = String(describing: error)
            call.log.write("Rescued error: \(message)")
            return CPIResponse(error: CPIResponseError(type: .cloudError, message: message), log: call.log.text)
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted: return "the request is not valid JSON"
        case DecodingError.keyNotFound(let key, _): return "missing '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "wrong type at '\(path)'"
        default: return "unreadable request"
        }
    }
}

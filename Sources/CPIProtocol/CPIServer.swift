import DeployerSupport
import Foundation

/// The request loop of a CPI written in Swift: read one JSON request, dispatch it to a
/// `CPIHandler`, write exactly one JSON response. Every failure, including a malformed
/// request or a thrown Swift error, becomes the response's `error`; the process exits 0, as
/// the protocol expects.
///
/// ```swift
/// @main struct LocalCPIMain {
///     static func main() async {
///         exit(await CPIServer(handler: LocalCloud(...)).run())
///     }
/// }
/// ```
public struct CPIServer<Handler: CPIHandler>: Sendable {
    /// The methods' implementation.
    public let handler: Handler

    /// Creates a server for `handler`.
    public init(handler: Handler) {
        self.handler = handler
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
            let result = try await dispatch(method, request.arguments, call)
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

    private func dispatch(_ method: CPIMethod, _ arguments: [JSONValue], _ call: CPICall) async throws -> JSONValue {
        let args = CPIArgumentReader(method: method, arguments: arguments)
        switch method {
        case .info:
            return try JSONValue(encoding: try await handler.info(call))
        case .createStemcell:
            let cid = try await handler.createStemcell(
                imagePath: try args.string(0, "image_path"), cloudProperties: args.optional(1), call)
            return .string(cid.rawValue)
        case .deleteStemcell:
            try await handler.deleteStemcell(StemcellCID(try args.string(0, "stemcell_cid")), call)
            return .null
        case .createVM:
            let created = try await handler.createVM(try CreateVMArguments(wireArguments: arguments), call)
            return created.wireResult(apiVersion: call.apiVersion)
        case .deleteVM:
            try await handler.deleteVM(VMCID(try args.string(0, "vm_cid")), call)
            return .null
        case .hasVM:
            return .bool(try await handler.hasVM(VMCID(try args.string(0, "vm_cid")), call))
        case .rebootVM:
            try await handler.rebootVM(VMCID(try args.string(0, "vm_cid")), call)
            return .null
        case .setVMMetadata:
            try await handler.setVMMetadata(
                VMCID(try args.string(0, "vm_cid")), metadata: try args.stringMap(1, "metadata"), call)
            return .null
        case .createDisk:
            let cid = try await handler.createDisk(
                sizeMiB: try args.int(0, "size"), cloudProperties: args.optional(1),
                vmCID: VMCID(try args.string(2, "vm_cid")), call)
            return .string(cid.rawValue)
        case .deleteDisk:
            try await handler.deleteDisk(DiskCID(try args.string(0, "disk_cid")), call)
            return .null
        case .hasDisk:
            return .bool(try await handler.hasDisk(DiskCID(try args.string(0, "disk_cid")), call))
        case .attachDisk:
            let hint = try await handler.attachDisk(
                vmCID: VMCID(try args.string(0, "vm_cid")), diskCID: DiskCID(try args.string(1, "disk_cid")), call)
            return call.apiVersion >= 2 ? (hint ?? .null) : .null
        case .detachDisk:
            try await handler.detachDisk(
                vmCID: VMCID(try args.string(0, "vm_cid")), diskCID: DiskCID(try args.string(1, "disk_cid")), call)
            return .null
        case .setDiskMetadata:
            try await handler.setDiskMetadata(
                DiskCID(try args.string(0, "disk_cid")), metadata: try args.stringMap(1, "metadata"), call)
            return .null
        case .getDisks:
            throw CPIResponseError.notImplemented(.getDisks)
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

import CPIProtocol
import Foundation
import LocalCloudFaults

#if canImport(Glibc)
import Glibc
#endif

/// Applies `<root>/cpi-faults.json` (see `FaultPlan`) to one CPI request before it is
/// handled. Kinds:
/// - `error`: answers `Bosh::Clouds::CloudError` "injected fault: <method> failed";
/// - `crash`: writes a line to stderr and exits 70 without an answer;
/// - `garbage`: answers bytes that are not JSON, exit 0;
/// - `hang`: sleeps `seconds` (default 3600) before handling the call normally; the
///   deployer's timeout or an operator's Ctrl-C ends it first.
///
/// Faults fire before the call does anything, so the cloud is unchanged by a faulted call.
struct CPIFaultInjector: Sendable {
    let plan: FaultPlan

    init(root: String) {
        plan = FaultPlan(root: root, fileName: "cpi-faults.json", consumer: "cpi")
    }

    /// The answer that replaces the real one, or nil to handle the request normally
    /// (possibly after a hang). `crash` does not return.
    func intercept(_ request: Data) async -> Data? {
        guard FileManager.default.fileExists(atPath: plan.planPath),
            let method = try? JSONDecoder().decode(CPIRequest.self, from: request).method,
            let fault = plan.consume(method: method)
        else { return nil }
        switch fault.kind {
        case "error":
            let error = CPIResponseError(type: .cloudError, message: "injected fault: \(method) failed")
            return CPIResponse(error: error, log: "injected fault\n").encodedJSON()
        case "crash":
            FileHandle.standardError.write(Data("local-cpi: injected crash in \(method)\n".utf8))
            exit(70)
        case "garbage":
            return Data("local-cpi injected garbage \u{1}\u{2} {not json\n".utf8)
        case "hang":
            try? await Task.sleep(for: .seconds(fault.seconds ?? 3600))
            return nil
        default:
            plan.log("cpi \(method) unknown-kind-\(fault.kind) \(getpid())")
            return nil
        }
    }
}

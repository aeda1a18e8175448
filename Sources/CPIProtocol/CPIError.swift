import DeployerSupport

/// Why a CPI call failed. Every case names the method; descriptions follow bosh-cli's wording
/// where bosh-cli has one and never include the CPI's whole stdout (it can carry credentials).
public enum CPIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The CPI answered with an `error` object (after bosh-cli's NotImplemented mapping).
    case cloud(method: String, CPIResponseError)
    /// The CPI process exited non-zero (or was killed); `stderrTail` is its last stderr lines, redacted.
    case crashed(method: String, executable: String, exitStatus: ProcessRunner.ExitStatus, stderrTail: String)
    /// The CPI's stdout was not a response object; `excerpt` is a short redacted start of it,
    /// `stderrTail` the last lines of its stderr, redacted (empty when it wrote none).
    case badResponse(method: String, executable: String, reason: String, excerpt: String, stderrTail: String = "")
    /// The response's `result` had the wrong shape for the method.
    case unexpectedResult(method: String, expected: String, excerpt: String)
    /// The CPI ran longer than the call's timeout and was stopped.
    case timedOut(method: String, seconds: Double, stderrTail: String)
    /// The CPI executable could not be started.
    case launchFailed(method: String, executable: String, reason: String)
    /// create-env's gate: it needs CPI API v2 and a stemcell with API version ≥ 2.
    case unsupportedAPIVersion(cpiAPIVersion: Int, stemcellAPIVersion: Int)

    /// The CPI method involved (`nil` only for the version gate).
    public var method: String? {
        switch self {
        case .cloud(let method, _), .crashed(let method, _, _, _), .badResponse(let method, _, _, _, _),
            .unexpectedResult(let method, _, _), .timedOut(let method, _, _), .launchFailed(let method, _, _):
            return method
        case .unsupportedAPIVersion:
            return nil
        }
    }

    /// The CPI's error type, for `.cloud` errors.
    public var type: CPIErrorType? {
        if case .cloud(_, let error) = self { return error.type }
        return nil
    }

    /// True for a `.cloud` error of `type`, e.g. `error.is(.vmNotFound)`.
    public func `is`(_ type: CPIErrorType) -> Bool { self.type == type }

    /// Whether the CPI said the call may be repeated.
    public var okToRetry: Bool {
        if case .cloud(_, let error) = self { return error.okToRetry }
        return false
    }

    public var description: String {
        switch self {
        case .cloud(let method, let error):
            return "CPI '\(method)' method responded with error: \(error)"
        case .crashed(let method, let executable, let status, let stderrTail):
            let tail = stderrTail.isEmpty ? " It wrote nothing to stderr." : " Last lines of its stderr:\n\(stderrTail)"
            return "CPI '\(method)' method failed: executing external CPI command '\(executable)' ended with "
                + "\(status); a CPI must exit 0 and report failures in its JSON response.\(tail)"
        case .badResponse(let method, let executable, let reason, let excerpt, let stderrTail):
            // The stderr is shown here: a debug log may not have been written at all.
            let tail = stderrTail.isEmpty ? " It wrote nothing to stderr." : " Last lines of its stderr:\n\(stderrTail)"
            return "CPI '\(method)' method: unmarshalling external CPI command output of '\(executable)' failed "
                + "(\(reason)). STDOUT starts with: '\(excerpt)'. The CPI must print exactly one JSON object "
                + "to stdout and log elsewhere.\(tail)"
        case .unexpectedResult(let method, let expected, let excerpt):
            if method == CPIMethod.info.rawValue {
                return "Unmarshalling 'info' method response failed (expected \(expected)). Result: \(excerpt)"
            }
            return "CPI '\(method)' method: Unexpected external CPI command result: '\(excerpt)' (expected \(expected))"
        case .timedOut(let method, let seconds, let stderrTail):
            let shown = seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds)
            let tail = stderrTail.isEmpty ? "" : " Last lines of its stderr:\n\(stderrTail)"
            return "CPI '\(method)' method timed out after \(shown)s and the CPI was stopped; "
                + "raise the CPI timeout if the IaaS is just slow, and check for resources it may have left.\(tail)"
        case .launchFailed(let method, let executable, let reason):
            return "CPI '\(method)' method: executing external CPI command '\(executable)' failed: \(reason). "
                + "Check that the CPI release installed correctly and its bin/cpi is executable."
        case .unsupportedAPIVersion(let cpiAPIVersion, _):
            return "The `bosh` cli requires CPI v2.0 or greater, you are using \(cpiAPIVersion)"
        }
    }
}

import CPIProtocol

extension CPIError {
    /// Why a create call that may have made its resource gave no CID, in a few words; nil
    /// for errors that mean nothing was made (an error answer, a CPI that did not start).
    var unansweredReason: String? {
        switch self {
        case .crashed(_, _, let status, _): "the CPI ended with \(status)"
        case .badResponse: "the CPI's answer was not a valid response"
        case .unexpectedResult: "the CPI's answer had an unexpected shape"
        case .timedOut(_, let seconds, _): "the call timed out after \(Int(seconds.rounded())) s"
        case .cloud, .launchFailed, .unsupportedAPIVersion: nil
        }
    }
}

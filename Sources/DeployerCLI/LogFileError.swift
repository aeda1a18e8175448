import DeployerSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A log file (`--log-file`, `BOSH_LOG_PATH`) that cannot be opened, said the way an operator
/// fixes it: a missing directory is named as missing, not as a permission problem.
struct LogFileError: Error, CustomStringConvertible, Sendable {
    /// The log file.
    let path: String
    /// The `errno` of `open`.
    let code: Int32

    var description: String {
        let directory = (path as NSString).deletingLastPathComponent
        let reason: String
        switch code {
        case ENOENT where !directory.isEmpty && FileKind(following: directory) == .missing:
            reason = "the directory '\(directory)' does not exist"
        case ENOTDIR:
            reason = "a component of the path is not a directory"
        case EISDIR:
            reason = "it is a directory"
        default:
            reason = SystemErrorText.text(errno: code)
        }
        return "Cannot write the log file '\(path)': \(reason)"
    }
}

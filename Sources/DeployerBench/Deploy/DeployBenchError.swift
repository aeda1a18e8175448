/// Why `deployer-bench deploy` stopped.
enum DeployBenchError: Error, Sendable, CustomStringConvertible {
    /// A results or events file could not be read or made no sense.
    case badInput(path: String, reason: String)
    /// Writing the blob or the chart failed.
    case write(path: String, reason: String)

    var description: String {
        switch self {
        case .badInput(let path, let reason):
            "cannot use '\(path)': \(reason)"
        case .write(let path, let reason):
            "cannot write '\(path)': \(reason)"
        }
    }
}

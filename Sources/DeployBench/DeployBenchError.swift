/// Why `deploy-bench` stopped.
enum DeployBenchError: Error, Sendable, CustomStringConvertible {
    /// A command-line argument was not understood.
    case usage(String)
    /// `--help`: not a failure; the usage text is printed.
    case helpRequested
    /// A results or events file could not be read or made no sense.
    case badInput(path: String, reason: String)
    /// Writing the blob or the chart failed.
    case write(path: String, reason: String)

    var description: String {
        switch self {
        case .usage(let message):
            "usage error: \(message)\n" + DeployBenchCommand.usage
        case .helpRequested:
            DeployBenchCommand.usage
        case .badInput(let path, let reason):
            "cannot use '\(path)': \(reason)"
        case .write(let path, let reason):
            "cannot write '\(path)': \(reason)"
        }
    }
}

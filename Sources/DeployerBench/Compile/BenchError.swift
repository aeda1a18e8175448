/// Why the compile benchmark stopped: the generated release did not behave as expected.
enum BenchError: Error, Sendable, CustomStringConvertible {
    /// An install did not compile (or did not find cached) what it should have.
    case unexpectedOrigins(run: String, detail: String)
    /// The installed CPI job's `bin/cpi` failed or printed the wrong thing.
    case cpiCheckFailed(executable: String, detail: String)

    var description: String {
        switch self {
        case .unexpectedOrigins(let run, let detail):
            "\(run): wrong compiled package origins: \(detail)"
        case .cpiCheckFailed(let executable, let detail):
            "installed CPI '\(executable)' check failed: \(detail)"
        }
    }
}

extension ProcessRunner {
    /// How a child process ended. A non-zero exit is data, not an error.
    public enum ExitStatus: Sendable, Hashable, CustomStringConvertible {
        /// The child called `exit` with this code.
        case exited(Int32)
        /// The child was killed by this signal.
        case signaled(Int32)

        /// True for `exited(0)`.
        public var isSuccess: Bool { self == .exited(0) }

        /// The exit code, or `128 + signal` the way shells report a signal death.
        public var code: Int32 {
            switch self {
            case .exited(let code): code
            case .signaled(let signal): 128 + signal
            }
        }

        public var description: String {
            switch self {
            case .exited(let code): "exit status \(code)"
            case .signaled(let signal): "killed by signal \(signal)"
            }
        }
    }

    /// What a finished child left behind: its exit status and captured output.
    public struct Result: Sendable, Hashable {
        /// The child's process ID (also its process group ID: it runs in its own session).
        public var processID: Int32
        /// How it ended.
        public var exitStatus: ExitStatus
        /// All of stdout (never more than the invocation's limit).
        public var standardOutput: [UInt8]
        /// The last `standardErrorLimit` bytes of stderr.
        public var standardError: [UInt8]
        /// True when stderr was longer than its limit and only its tail was kept.
        public var standardErrorTruncated: Bool
        /// Wall time from launch to exit.
        public var duration: Duration

        /// Creates a result (used by the runner and by test doubles).
        public init(
            processID: Int32, exitStatus: ExitStatus, standardOutput: [UInt8], standardError: [UInt8],
            standardErrorTruncated: Bool = false, duration: Duration = .zero
        ) {
            self.processID = processID
            self.exitStatus = exitStatus
            self.standardOutput = standardOutput
            self.standardError = standardError
            self.standardErrorTruncated = standardErrorTruncated
            self.duration = duration
        }

        /// Stdout decoded as UTF-8 (invalid bytes replaced).
        public var standardOutputText: String { String(decoding: standardOutput, as: UTF8.self) }
        /// Stderr decoded as UTF-8 (invalid bytes replaced).
        public var standardErrorText: String { String(decoding: standardError, as: UTF8.self) }
    }

    /// What a child whose output went to a log file left behind.
    public struct LoggedResult: Sendable, Hashable {
        /// The child's process ID.
        public var processID: Int32
        /// How it ended.
        public var exitStatus: ExitStatus
        /// The file stderr was appended to (stdout too, unless it had a file of its own).
        public var logFile: String
        /// Wall time from launch to exit.
        public var duration: Duration

        /// Creates a result.
        public init(processID: Int32, exitStatus: ExitStatus, logFile: String, duration: Duration) {
            self.processID = processID
            self.exitStatus = exitStatus
            self.logFile = logFile
            self.duration = duration
        }
    }
}

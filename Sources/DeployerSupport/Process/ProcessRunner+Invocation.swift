extension ProcessRunner {
    /// Everything needed to start one child process: what to run, with which environment and
    /// input, how much output to keep, and how long it may take.
    public struct Invocation: Sendable, Hashable {
        /// How the child's environment is built.
        public enum Environment: Sendable, Hashable {
            /// This process's environment, with `overrides` set on top (they win over inherited
            /// values of the same name).
            case inherit(overrides: [String: String])
            /// Exactly these variables and nothing else.
            case exactly([String: String])
        }

        /// Path of the executable. A bare name (no `/`) is looked up in `PATH`.
        public var executable: String
        /// Arguments after the executable name.
        public var arguments: [String]
        /// The child's environment; inherited by default.
        public var environment: Environment
        /// The child's working directory; `nil` keeps this process's.
        public var workingDirectory: String?
        /// Bytes written to the child's stdin, which is then closed (EOF).
        public var standardInput: [UInt8]
        /// Most stdout bytes kept. More output is an error (`outputLimitExceeded`) and the
        /// child is torn down: stdout is a result to parse, so a truncated copy is useless.
        public var standardOutputLimit: Int
        /// Most stderr bytes kept. Stderr is diagnostics, so only its *last* bytes are kept
        /// when the child writes more (`Result.standardErrorTruncated` says so).
        public var standardErrorLimit: Int
        /// Longest the child may run; `nil` means no limit. On expiry the child's process
        /// group gets SIGTERM, then SIGKILL after `terminationGracePeriod`.
        public var timeout: Duration?
        /// How long the process group has to exit after SIGTERM before SIGKILL.
        public var terminationGracePeriod: Duration

        /// Creates an invocation.
        ///
        /// - Parameters:
        ///   - executable: path of the program (or a bare name looked up in `PATH`).
        ///   - arguments: its arguments.
        ///   - environment: inherited with overrides (default) or exact.
        ///   - workingDirectory: working directory, `nil` to inherit.
        ///   - standardInput: bytes for stdin (empty: stdin is closed at once).
        ///   - standardOutputLimit: stdout byte cap (default 1 MiB).
        ///   - standardErrorLimit: stderr bytes kept, the tail (default 1 MiB).
        ///   - timeout: run-time limit, `nil` for none.
        ///   - terminationGracePeriod: time between SIGTERM and SIGKILL (default 5 s).
        public init(
            executable: String,
            arguments: [String] = [],
            environment: Environment = .inherit(overrides: [:]),
            workingDirectory: String? = nil,
            standardInput: [UInt8] = [],
            standardOutputLimit: Int = 1 << 20,
            standardErrorLimit: Int = 1 << 20,
            timeout: Duration? = nil,
            terminationGracePeriod: Duration = .seconds(5)
        ) {
            self.executable = executable
            self.arguments = arguments
            self.environment = environment
            self.workingDirectory = workingDirectory
            self.standardInput = standardInput
            self.standardOutputLimit = standardOutputLimit
            self.standardErrorLimit = standardErrorLimit
            self.timeout = timeout
            self.terminationGracePeriod = terminationGracePeriod
        }
    }
}

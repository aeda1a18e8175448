import DeployerSupport

/// How `ExternalCPICloud` runs a CPI executable.
public struct ExternalCPIConfiguration: Sendable, Hashable {
    /// `<installation>/jobs/<cpi-job>/bin/cpi`.
    public var executablePath: String
    /// Command-line arguments. bosh-cli passes none (the CPI's `bin/cpi` wrapper finds its
    /// config through `BOSH_JOBS_DIR`); kept for CPIs that want one.
    public var arguments: [String]
    /// Exported as `BOSH_JOBS_DIR` (`<installation>/jobs`).
    public var jobsDirectory: String
    /// Exported as `BOSH_PACKAGES_DIR` (`<installation>/packages`).
    public var packagesDirectory: String
    /// More variables on top of the inherited environment (applied before the two above).
    public var extraEnvironment: [String: String]
    /// The CPI's working directory; `nil` inherits ours, as bosh-cli does.
    public var workingDirectory: String?
    /// `context.director_uuid`: the state file's `director_id`.
    public var directorUUID: String
    /// `context.vm.stemcell.api_version` (`nil`/0 sends `"stemcell":{}`).
    public var stemcellAPIVersion: Int?
    /// Time limit of one CPI process; nil (the default) for none, as in bosh-cli: a
    /// `create_stemcell` uploading a large image over a slow link must not be killed half-way
    /// (it could leave a template the state never learns of). `--cpi-timeout` sets one.
    public var timeout: Duration?
    /// Per-method time limits that override `timeout`.
    public var methodTimeouts: [CPIMethod: Duration]
    /// Most stdout bytes read; a response is small, so more means a misbehaving CPI.
    public var standardOutputLimit: Int
    /// Stderr bytes kept (the tail) for error messages and the debug log.
    public var standardErrorLimit: Int
    /// Time between SIGTERM and SIGKILL when a CPI is stopped.
    public var terminationGracePeriod: Duration
    /// Retries of calls the CPI answered with `ok_to_retry: true`.
    public var retry: CPIRetryPolicy
    /// Call `info` before every method, as bosh-cli does, instead of once per `ExternalCPICloud`.
    public var infoBeforeEveryCall: Bool

    /// Creates a configuration; only the paths and the director UUID are required.
    public init(
        executablePath: String,
        arguments: [String] = [],
        jobsDirectory: String,
        packagesDirectory: String,
        extraEnvironment: [String: String] = [:],
        workingDirectory: String? = nil,
        directorUUID: String,
        stemcellAPIVersion: Int? = nil,
        timeout: Duration? = nil,
        methodTimeouts: [CPIMethod: Duration] = [:],
        standardOutputLimit: Int = 8 << 20,
        standardErrorLimit: Int = 1 << 20,
        terminationGracePeriod: Duration = .seconds(10),
        retry: CPIRetryPolicy = CPIRetryPolicy(),
        infoBeforeEveryCall: Bool = false
    ) {
        self.executablePath = executablePath
        self.arguments = arguments
        self.jobsDirectory = jobsDirectory
        self.packagesDirectory = packagesDirectory
        self.extraEnvironment = extraEnvironment
        self.workingDirectory = workingDirectory
        self.directorUUID = directorUUID
        self.stemcellAPIVersion = stemcellAPIVersion
        self.timeout = timeout
        self.methodTimeouts = methodTimeouts
        self.standardOutputLimit = standardOutputLimit
        self.standardErrorLimit = standardErrorLimit
        self.terminationGracePeriod = terminationGracePeriod
        self.retry = retry
        self.infoBeforeEveryCall = infoBeforeEveryCall
    }

    /// The time limit for `method`.
    public func timeout(for method: CPIMethod) -> Duration? { methodTimeouts[method] ?? timeout }

    /// Our environment plus `extraEnvironment`, `BOSH_PACKAGES_DIR` and `BOSH_JOBS_DIR`
    /// (bosh-cli inherits its whole environment and overrides these two).
    public var environmentOverrides: [String: String] {
        var variables = extraEnvironment
        variables["BOSH_PACKAGES_DIR"] = packagesDirectory
        variables["BOSH_JOBS_DIR"] = jobsDirectory
        return variables
    }
}

/// Retries for CPI answers with `ok_to_retry: true`.
///
/// bosh-cli parses `ok_to_retry` but never retries; the Director retries per caller. The
/// defaults here (2 retries after 2 s and 4 s) are ours: enough for a transient IaaS hiccup,
/// short enough to fail fast on a real problem. `maxRetries: 0` behaves exactly like bosh-cli.
public struct CPIRetryPolicy: Sendable, Hashable {
    /// Retries after the first attempt.
    public var maxRetries: Int
    /// Delay before the first retry.
    public var initialDelay: Duration
    /// Factor applied to the delay after each retry.
    public var multiplier: Double
    /// Upper bound of a delay.
    public var maxDelay: Duration

    /// Creates a retry policy.
    public init(
        maxRetries: Int = 2, initialDelay: Duration = .seconds(2), multiplier: Double = 2,
        maxDelay: Duration = .seconds(30)
    ) {
        self.maxRetries = maxRetries
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maxDelay = maxDelay
    }

    /// No retries, as bosh-cli.
    public static let never = CPIRetryPolicy(maxRetries: 0)

    /// The delay before retry number `retry` (1-based).
    public func delay(beforeRetry retry: Int) -> Duration {
        var delay = initialDelay
        for _ in 1..<max(retry, 1) { delay = delay * multiplier }
        return min(delay, maxDelay)
    }
}

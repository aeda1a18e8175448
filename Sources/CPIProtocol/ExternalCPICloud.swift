import DeployerSupport
import Foundation
import Logging

/// A `Cloud` that runs a CPI executable once per call, the way bosh-cli does: one compact JSON
/// request on stdin, one JSON response on stdout, stderr for diagnostics.
///
/// Beyond bosh-cli it stops a CPI that outlives its timeout (with its whole process group),
/// retries answers marked `ok_to_retry`, caps the output it reads, calls `info` once instead of
/// before every method (unless `infoBeforeEveryCall`), and redacts what it logs.
public actor ExternalCPICloud: Cloud {
    /// How the CPI is run.
    public let configuration: ExternalCPIConfiguration
    private let runner: ProcessRunner
    private let interceptor: any CallInterceptor
    private let logger: Logger
    private var cachedInfo: CPIInfo?

    /// Creates a cloud over the CPI executable in `configuration`.
    ///
    /// - Parameters:
    ///   - configuration: executable, directories, timeouts, limits, retries.
    ///   - logger: receives one debug line per call (method, API version, exit status,
    ///     duration, redacted request) and the CPI's redacted `log` and stderr.
    ///   - runner: runs the CPI process.
    ///   - interceptor: sees each request as one call `cpi <method>`, its retries included.
    public init(
        configuration: ExternalCPIConfiguration, logger: Logger = Logger(label: "deployer.cpi"),
        runner: ProcessRunner = ProcessRunner(), interceptor: any CallInterceptor = PassThroughInterceptor()
    ) {
        self.configuration = configuration
        self.logger = logger
        self.runner = runner
        self.interceptor = interceptor
    }

    /// The context every request carries (director UUID, stemcell API version).
    public var context: CPIContext {
        .boshCLI(directorUUID: configuration.directorUUID, stemcellAPIVersion: configuration.stemcellAPIVersion)
    }

    // MARK: info and version negotiation

    /// The `api_version` sent with every method but `info`: the CPI's version capped at 2.
    ///
    /// - Throws: `CPIError` from `info`.
    public func negotiatedAPIVersion() async throws -> Int {
        if !configuration.infoBeforeEveryCall, let cachedInfo { return cachedInfo.negotiatedAPIVersion }
        return try await info().negotiatedAPIVersion
    }

    /// create-env's check after installing the CPI: CPI API v2 and a stemcell API version ≥ 2.
    ///
    /// - Throws: `CPIError.unsupportedAPIVersion` with bosh-cli's message, or `info`'s errors.
    public func requireRegistrylessContract() async throws {
        try await info().requireRegistrylessContract(stemcellAPIVersion: configuration.stemcellAPIVersion)
    }

    // MARK: Cloud

    /// Sends `message` with the negotiated API version (`info` always as 1, and remembered) and
    /// reads its result as bosh-cli does for that version. A NotImplemented `info` means an API
    /// v1 CPI.
    ///
    /// - Throws: `CPIError` (`.unexpectedResult` when the result has the wrong shape);
    ///   `CancellationError` when the calling task is cancelled.
    public func send<Message: CPIMessage>(_ message: Message) async throws -> Message.Result {
        let version: Int
        if let fixed = Message.fixedAPIVersion { version = fixed } else { version = try await negotiatedAPIVersion() }
        let answer: Message.Result
        do {
            let result = try await call(Message.method, arguments: message.wireArguments, apiVersion: version)
            answer = try Message.result(fromWire: result, apiVersion: version)
        } catch let error as CPIError where error.is(.notImplemented) {
            guard let fallback = Message.answerWhenNotImplemented else { throw error }
            logger.debug("CPI '\(Message.method.rawValue)' is not implemented: taking it to answer \(fallback)")
            answer = fallback
        }
        if let info = answer as? CPIInfo {
            logger.debug("CPI info: api_version \(info.apiVersion), stemcell_formats \(info.stemcellFormats)")
            cachedInfo = info
        }
        return answer
    }

    // MARK: Calling the executable

    /// Calls any method with the negotiated API version and returns its raw `result`, for
    /// arguments no message would send (tests of a CPI's argument checks).
    ///
    /// - Throws: `CPIError`; `CancellationError` when the calling task is cancelled.
    public func invoke(_ method: CPIMethod, _ arguments: [JSONValue]) async throws -> (JSONValue, Int) {
        let version = try await negotiatedAPIVersion()
        return (try await call(method, arguments: arguments, apiVersion: version), version)
    }

    /// Runs the CPI for one request, retrying `ok_to_retry` answers per the retry policy, as
    /// one call of the interceptor.
    func call(_ method: CPIMethod, arguments: [JSONValue], apiVersion: Int) async throws -> JSONValue {
        try await interceptor.intercept("cpi \(method.rawValue)") {
            try await self.callRetrying(method, arguments: arguments, apiVersion: apiVersion)
        }
    }

    private func callRetrying(_ method: CPIMethod, arguments: [JSONValue], apiVersion: Int) async throws -> JSONValue {
        let request = CPIRequest(method: method, arguments: arguments, context: context, apiVersion: apiVersion)
        let input = request.encodedJSON()
        var retries = 0
        while true {
            let response = try await runOnce(method, input: input, apiVersion: apiVersion)
            guard let wireError = response.error else { return response.result }
            let error = wireError.mappedForBoshCLI(method: method.rawValue)
            if error.okToRetry, retries < configuration.retry.maxRetries {
                retries += 1
                let delay = configuration.retry.delay(beforeRetry: retries)
                logger.warning(
                    "CPI '\(method.rawValue)' answered \(error.type) (ok_to_retry): retry \(retries) of \(configuration.retry.maxRetries) in \(ProcessRunner.format(delay))"
                )
                try await Task.sleep(for: delay)
                continue
            }
            throw CPIError.cloud(method: method.rawValue, error)
        }
    }

    private func runOnce(_ method: CPIMethod, input: Data, apiVersion: Int) async throws -> CPIResponse {
        let executable = configuration.executablePath
        let invocation = ProcessRunner.Invocation(
            executable: executable,
            arguments: configuration.arguments,
            environment: .inherit(overrides: configuration.environmentOverrides),
            workingDirectory: configuration.workingDirectory,
            standardInput: Array(input),
            standardOutputLimit: configuration.standardOutputLimit,
            standardErrorLimit: configuration.standardErrorLimit,
            timeout: configuration.timeout(for: method),
            terminationGracePeriod: configuration.terminationGracePeriod)
        let result: ProcessRunner.Result
        do {
            result = try await runner.run(invocation)
        } catch let error as ProcessRunnerError {
            logger.debug("CPI '\(method.rawValue)' did not complete: \(error)")
            throw Self.cpiError(for: error, method: method)
        }

        // Both arguments are autoclosures: the redaction only runs when debug logging is on.
        logger.debug(
            "CPI '\(method.rawValue)' api_version \(apiVersion): \(result.exitStatus) after \(ProcessRunner.format(result.duration))",
            metadata: ["request": "\(CPIRedactor.redact(String(decoding: input, as: UTF8.self)))"])
        if !result.standardError.isEmpty {
            logger.debug("CPI '\(method.rawValue)' stderr:\n\(CPIRedactor.redact(result.standardErrorText))")
        }
        guard result.exitStatus.isSuccess else {
            throw CPIError.crashed(
                method: method.rawValue, executable: executable, exitStatus: result.exitStatus,
                stderrTail: CPIRedactor.tail(result.standardErrorText))
        }

        let response: CPIResponse
        do {
            response = try Self.parse(result.standardOutput, method: method, executable: executable)
        } catch .badResponse(let method, let executable, let reason, let excerpt, _) {
            throw CPIError.badResponse(
                method: method, executable: executable, reason: reason, excerpt: excerpt,
                stderrTail: CPIRedactor.tail(result.standardErrorText))
        } catch {
            throw error
        }
        if !response.log.isEmpty {
            logger.debug("CPI '\(method.rawValue)' log:\n\(CPIRedactor.redact(response.log))")
        }
        return response
    }

    /// Reads a CPI's stdout as one response, the way every call does.
    ///
    /// - Parameters:
    ///   - stdout: everything the CPI wrote to its stdout.
    ///   - method: the method called (named in errors).
    ///   - executable: the CPI's path (named in errors).
    /// - Throws: `CPIError.badResponse` when `stdout` is empty, not a JSON object, or has a
    ///   wrongly typed `error` or `log` member.
    public static func parse(_ stdout: [UInt8], method: CPIMethod, executable: String) throws(CPIError) -> CPIResponse {
        let data = Data(stdout)
        let text = String(decoding: stdout, as: UTF8.self)
        func bad(_ reason: String) -> CPIError {
            .badResponse(
                method: method.rawValue, executable: executable, reason: reason, excerpt: CPIRedactor.excerpt(text))
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw bad("stdout is empty") }
        guard let value = try? JSONValue(parsing: data) else { throw bad("stdout is not one JSON value") }
        guard value.objectValue != nil else { throw bad("stdout is JSON but not an object") }
        guard let response = try? JSONDecoder().decode(CPIResponse.self, from: data) else {
            throw bad("its 'error' or 'log' member has the wrong type")
        }
        return response
    }

    static func cpiError(for error: ProcessRunnerError, method: CPIMethod) -> CPIError {
        switch error {
        case .timedOut(_, let timeout, let stderr):
            let (seconds, attoseconds) = timeout.components
            return .timedOut(
                method: method.rawValue, seconds: Double(seconds) + Double(attoseconds) / 1e18,
                stderrTail: CPIRedactor.tail(String(decoding: stderr, as: UTF8.self)))
        case .launchFailed(let executable, let reason), .ioFailed(let executable, let reason):
            return .launchFailed(method: method.rawValue, executable: executable, reason: reason)
        case .outputLimitExceeded(let executable, let limit):
            return .badResponse(
                method: method.rawValue, executable: executable, reason: "stdout is larger than \(limit) bytes",
                excerpt: "")
        }
    }
}

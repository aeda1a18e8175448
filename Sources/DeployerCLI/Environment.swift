import AgentClient
import ArgumentParser
import CPIProtocol
import Deployer
import DeployerSupport
import Foundation
import Interpolation
import Logging
import ReleaseCompiler

#if canImport(Glibc)
import Glibc
#endif

/// The composition root of `deploy`, `delete` and `plan`: reads the process environment
/// (`DEPLOYER_HOME`, `DEPLOYER_LOG_LEVEL`, `--vars-env` values), builds the concrete
/// collaborators, owns the terminal and turns errors into one clear message and exit 1.
struct Environment: Sendable {
    let options: DeployOptions
    /// `$DEPLOYER_HOME`, default `~/.deployer`.
    let home: String
    let processEnvironment: [String: String]
    let logger: Logger
    /// Scratch space of local (CPI) package compilation; removed after a successful run and
    /// kept after a failure, since compile errors point at the build logs inside it.
    let compileDirectory: String
    /// `--parallel`, `--cpi-timeout`, `--agent-timeout`.
    let tuning: RunTuning

    /// - Throws: `ValidationError` for an unknown log level.
    init(options: DeployOptions, tuning: RunTuning = RunTuning()) throws {
        self.options = options
        self.tuning = tuning
        let environment = ProcessInfo.processInfo.environment
        processEnvironment = environment
        if let explicit = environment["DEPLOYER_HOME"], !explicit.isEmpty {
            home = explicit
        } else {
            home = NSHomeDirectory() + "/.deployer"
        }
        compileDirectory = home + "/tmp/compile-" + UUID().uuidString.lowercased()
        // The home holds rendered CPI configuration (credentials of the cloud and the mbus):
        // created for this user only. An existing one keeps the mode its owner gave it.
        if !FileManager.default.fileExists(atPath: home) {
            try? FileManager.default.createDirectory(
                atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        // A BOSH_ALL_PROXY that cannot be used is refused here, before anything is created,
        // rather than making the agent look unreachable for ten minutes.
        do {
            try BoshAllProxy.validate(environment)
        } catch {
            throw ValidationError(error.description)
        }
        let (level, path) = try Self.logSettings(options: options, environment: environment)
        guard let level else {
            logger = Logger(label: "deployer") { _ in SwiftLogNoOpLogHandler() }
            // bosh-cli opens BOSH_LOG_PATH even when nothing will be logged to it.
            if let path { _ = try Self.logSink(path: path.file, append: path.append) }
            return
        }
        var logger: Logger
        if let path {
            let sink = try Self.logSink(path: path.file, append: path.append)
            logger = Logger(label: "deployer") { DeployLogHandler(label: $0, sink: sink) }
        } else {
            logger = Logger(label: "deployer") { StreamLogHandler.standardError(label: $0) }
        }
        logger.logLevel = level
        self.logger = logger
    }

    /// The log level and file of this run: `--log-level`, else `DEPLOYER_LOG_LEVEL`, else
    /// bosh-cli's `BOSH_LOG_LEVEL` (its five levels, any case; none by default, but debug with
    /// `--log-file`); `--log-file` (written anew), else `BOSH_LOG_PATH` (appended to, as
    /// bosh-cli does). The file is created with mode 0600 either way: a debug log names hosts
    /// and paths that are not for everyone.
    /// - Throws: `ValidationError` for an unknown level, naming where it came from.
    static func logSettings(options: DeployOptions, environment: [String: String])
        throws -> (level: Logger.Level?, path: (file: String, append: Bool)?)
    {
        let boshPath = environment["BOSH_LOG_PATH"].flatMap { $0.isEmpty ? nil : $0 }
        let path = options.logFile.map { (file: $0, append: false) } ?? boshPath.map { (file: $0, append: true) }
        if let text = options.logLevel ?? environment["DEPLOYER_LOG_LEVEL"].flatMap({ $0.isEmpty ? nil : $0 }) {
            switch text.lowercased() {
            case "none", "": return (nil, path)
            case "debug": return (.debug, path)
            case "info": return (.info, path)
            case "warn", "warning": return (.warning, path)
            case "error": return (.error, path)
            default: throw ValidationError("Unknown log level '\(text)'; use debug, info, warn, error or none")
            }
        }
        if let text = environment["BOSH_LOG_LEVEL"], !text.isEmpty {
            switch text.uppercased() {
            case "DEBUG": return (.debug, path)
            case "INFO": return (.info, path)
            case "WARN": return (.warning, path)
            case "ERROR": return (.error, path)
            case "NONE": return (nil, path)
            default:
                // bosh-utils' Levelify, wrapped as bosh-cli's main.go wraps it.
                throw ValidationError(
                    "Invalid BOSH_LOG_LEVEL value: unknown LogLevel string '\(text)', expected one of [DEBUG, INFO, WARN, ERROR, NONE]")
            }
        }
        return (options.logFile == nil ? nil : .debug, path)
    }

    static func logSink(path: String, append: Bool) throws -> DeployLogHandler.Sink {
        do {
            return try DeployLogHandler.Sink(path: path, append: append)
        } catch {
            throw ValidationError("Cannot write the log file '\(path)': \(error.localizedDescription)")
        }
    }

    /// The state store for the manifest (`--state` or `<manifest>-state.json`).
    func stateStore() -> FileStateStore {
        FileStateStore(path: options.statePath)
    }

    /// Writes `text` to standard output.
    func write(_ text: String) {
        Self.write(text, to: .standardOutput)
    }

    /// Writes without trapping when the reader went away (`deployer deploy | head`).
    static func write(_ text: String, to handle: FileHandle) {
        try? handle.write(contentsOf: Data(text.utf8))
    }

    /// The orchestrator with its real collaborators; `sink` also receives download progress.
    func makeOrchestrator(sink: any EventSink) -> Orchestrator {
        let userHome = NSHomeDirectory()
        let resolver = ArtifactResolver(
            deployerHome: home, userHomeDirectory: userHome, downloader: HTTPDownloader(), sink: sink,
            stagePath: ["validating"], digestMemo: FileDigestMemo(directory: home + "/digests"))
        let compiler = PackageCompiler(
            store: PackageStore(root: tuning.packageDirectory ?? home + "/packages"),
            workDirectory: compileDirectory, maxParallel: tuning.maxParallel, logger: logger)
        let installer = CPIInstaller(
            compiler: compiler, renderer: RubyERBRenderer(), renderCache: home + "/rendered", logger: logger)
        // Wrapped only by the test-only deployer-with-faults (PortDecoration).
        let decoration = PortDecoration.current
        let provisioner = decoration.provisioner(
            LocalCPIProvisioner(installer: installer, logger: logger, callTimeout: tuning.cpiTimeout))
        let connector = decoration.connector(MbusAgentConnector())
        return Orchestrator(
            interpolator: Interpolator(generator: BoshVariableGenerator(), environment: processEnvironment),
            artifacts: resolver, inspector: TarballInspector(),
            provisioner: provisioner,
            connector: connector,
            renderer: RubyERBRenderer(),
            compiledPackages: CompiledPackageCache(root: home + "/compiled"),
            options: OrchestratorOptions(
                deployerHome: home, userHome: userHome, agentReadyTimeout: tuning.agentTimeout,
                maxParallelCompiles: tuning.maxParallel))
    }

    /// Runs `body` with a stage rendering to the terminal (or NDJSON with `--json`); on error
    /// prints one message naming the failed step and what to do, and exits 1. Ctrl-C or
    /// SIGTERM cancels `body` (a running CPI is stopped, the lock released, the state already
    /// saved) and exits 130.
    /// - Returns: what `body` returned.
    /// - Throws: `ExitCode` (1 on failure, 130 when interrupted, or what `body` threw).
    func run<T: Sendable>(
        command: String, printSucceeded: Bool = true,
        _ body: @escaping @Sendable (Orchestrator, any Stage) async throws -> T
    ) async throws -> T {
        let output = ClosureTextOutput { text in Self.write(text, to: .standardOutput) }
        let sink: any EventSink = options.json
            ? NDJSONRenderer(output: output)
            : TerminalRenderer(
                output: output,
                isTTY: (try? options.global.wantsTTY(
                    environment: processEnvironment, stdoutIsTerminal: isatty(STDOUT_FILENO) != 0)) ?? false)
        let stage = EventStage(sink: sink)
        let orchestrator = makeOrchestrator(sink: sink)
        let task = Task { try await body(orchestrator, stage) }
        let interruption = InterruptionWatch { task.cancel() }
        defer { interruption.stop() }
        do {
            let value = try await task.value
            try? FileManager.default.removeItem(atPath: compileDirectory)
            if printSucceeded && !options.json { write("\nSucceeded\n") }
            return value
        } catch let exit as ExitCode {
            throw exit
        } catch {
            let interrupted = interruption.fired
            let message = interrupted
                ? "\(command) interrupted: \(String(describing: error).replacingOccurrences(of: "CancellationError()", with: "cancelled"))\nThe state file '\(options.statePath)' records every cloud resource "
                    + "created so far: run the same command again to continue, or `deployer delete` to remove them."
                : "\(command) failed: \(error)\n" + Self.advice(for: error, statePath: options.statePath)
            if options.json {
                sink.emit(.warning(message))
            } else {
                write("\n")
            }
            Self.write(message + "\nExit code \(interrupted ? 130 : 1)\n", to: .standardError)
            throw interrupted ? ExitCode(130) : ExitCode.failure
        }
    }

    /// What the operator can do next.
    static func advice(for error: any Error, statePath: String) -> String {
        if let state = error.find(StateError.self), case .lockFailed(.held) = state {
            return "Nothing was changed. Another deployer run holds the state file's lock: wait for it to finish "
                + "and run the command again (a lock left by a process that died is taken over automatically)."
        }
        if error.find(StateError.self) != nil {
            return "Check the state file '\(statePath)' (a copy of its previous version is kept as '\(statePath).bak')."
        }
        if error.find(ManifestError.self) != nil || (error as? ContextError)?.context == "Validating" {
            return "Nothing was created in the cloud. Fix the manifest, its variables or the files it names, "
                + "then run the command again."
        }
        if error.find(NoCurrentDeploymentError.self) != nil {
            return "Nothing was changed: there is no VM to stop or start."
        }
        if let timeout = timeoutAdvice(for: error) {
            return timeout + " The state file '\(statePath)' records every cloud resource created so far, so "
                + "the next run continues from there."
        }
        return "Fix the cause above and run the same command again: the state file '\(statePath)' records "
            + "every cloud resource created so far, so the next run continues from there."
    }

    /// Which flag raises the limit that expired: `--cpi-timeout` for a CPI call, `--agent-timeout`
    /// for the wait for a new VM's agent; nil for other errors.
    static func timeoutAdvice(for error: any Error) -> String? {
        if let cpi = error.find(CPIError.self), case .timedOut(let method, let seconds, _) = cpi {
            return "The CPI's '\(method)' call ran longer than \(Int(seconds.rounded())) s (--cpi-timeout): if the "
                + "IaaS is just slow, raise --cpi-timeout and run the same command again."
        }
        if let agent = error.find(AgentError.self), !agent.isFatalForReadiness,
            agent.operation.hasPrefix("waiting for the agent to be ready")
        {
            return "The VM's agent did not answer within --agent-timeout: check that the VM booted and can reach "
                + "its mbus address; if it is just slow, raise --agent-timeout and run the same command again."
        }
        return nil
    }
}

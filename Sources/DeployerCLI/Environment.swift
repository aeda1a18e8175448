import AgentClient
import ArgumentParser
import CPIProtocol
import Deployer
import DeployerSupport
import Foundation
import Interpolation
import Logging
import ReleaseCompiler

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
        home = DeployerHome.path(environment: environment)
        compileDirectory = DeployerHome.compileDirectory(home: home)
        DeployerHome.create(home)
        // A BOSH_ALL_PROXY that cannot be used is refused here, before anything is created,
        // rather than making the agent look unreachable for ten minutes.
        do {
            try BoshAllProxy.validate(environment)
        } catch {
            throw ValidationError(error.description)
        }
        logger = try LogSetup.logger(options: options, environment: environment)
    }

    /// The state store for the manifest (`--state` or `<manifest>-state.json`).
    func stateStore() -> FileStateStore {
        FileStateStore(path: options.statePath)
    }

    /// Writes `text` to standard output.
    func write(_ text: String) {
        CommandOutput.current.standardOutput.write(text)
    }

    /// Writes a command's answer as an event of the NDJSON stream (`--json` only).
    func report(_ event: CommandEvent) {
        CommandOutput.current.eventStream().emit(event)
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
        // Intercepted only by the test-only deployer-with-faults.
        let interceptor = CommandInterception.current
        let provisioner = LocalCPIProvisioner(
            installer: installer, logger: logger, callTimeout: tuning.cpiTimeout, interceptor: interceptor)
        let connector = MbusAgentConnector(interceptor: interceptor)
        return Orchestrator(
            interpolator: Interpolator(generator: BoshVariableGenerator(), environment: processEnvironment),
            artifacts: resolver, inspector: TarballInspector(),
            provisioner: provisioner,
            connector: connector,
            renderer: RubyERBRenderer(),
            compiledPackages: CompiledPackageCache(root: DeployerHome.compiledPackages(home: home)),
            releaseRecords: ReleaseRecordStore(root: DeployerHome.releaseRecords(home: home)),
            options: OrchestratorOptions(
                deployerHome: home, userHome: userHome, agentReadyTimeout: tuning.agentTimeout,
                maxParallelCompiles: tuning.maxParallel))
    }

    /// Runs `body` with a stage rendering to the terminal (or NDJSON with `--json`); on error
    /// throws a `CommandFailure` naming the failed step and what to do (exit 1). Ctrl-C or
    /// SIGTERM cancels `body` (a running CPI is stopped, the lock released, the state already
    /// saved) and fails with exit 130.
    /// - Returns: what `body` returned.
    /// - Throws: `CommandFailure`, or the `ExitCode` `body` threw.
    func run<T: Sendable>(
        command: String, printSucceeded: Bool = true,
        _ body: @escaping @Sendable (Orchestrator, any Stage) async throws -> T
    ) async throws -> T {
        let output = CommandOutput.current
        let terminal =
            options.json
            ? nil
            : TerminalRenderer(
                output: output.standardOutput,
                isTTY: (try? options.global.wantsTTY(
                    environment: processEnvironment, stdoutIsTerminal: output.isTerminal)) ?? false)
        let sink: any EventSink = terminal ?? output.eventStream()
        let stage = EventStage(sink: sink)
        let orchestrator = makeOrchestrator(sink: sink)
        let task = Task { try await body(orchestrator, stage) }
        let interruption = InterruptionWatch { task.cancel() }
        let ticker = terminal.map { renderer in Task { await renderer.tickEverySecond() } }
        defer {
            ticker?.cancel()
            interruption.stop()
        }
        do {
            let value = try await task.value
            try? FileManager.default.removeItem(atPath: compileDirectory)
            if printSucceeded && !options.json { write("\nSucceeded\n") }
            return value
        } catch let exit as ExitCode {
            throw exit
        } catch {
            let detail = FailureMessage.detail(for: error)
            guard interruption.fired else {
                throw CommandFailure(
                    message: "\(command) failed: \(detail)",
                    advice: FailureAdvice.text(for: error, statePath: options.statePath))
            }
            throw CommandFailure(
                message:
                    "\(command) interrupted: \(detail.replacingOccurrences(of: "CancellationError()", with: "cancelled"))",
                advice: FailureMessage.afterInterrupt(statePath: options.statePath),
                outcome: .interrupted, status: ExitCode(130))
        }
    }
}

import AgentClient
import ArgumentParser
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

    /// - Throws: `ValidationError` for an unknown log level.
    init(options: DeployOptions) throws {
        self.options = options
        let environment = ProcessInfo.processInfo.environment
        processEnvironment = environment
        if let explicit = environment["DEPLOYER_HOME"], !explicit.isEmpty {
            home = explicit
        } else {
            home = NSHomeDirectory() + "/.deployer"
        }
        compileDirectory = home + "/tmp/compile-" + UUID().uuidString.lowercased()
        let levelText = (options.logLevel ?? environment["DEPLOYER_LOG_LEVEL"] ?? (options.logFile == nil ? "none" : "debug"))
            .lowercased()
        let level: Logger.Level?
        switch levelText {
        case "none", "": level = nil
        case "debug": level = .debug
        case "info": level = .info
        case "warn", "warning": level = .warning
        case "error": level = .error
        default: throw ValidationError("Unknown log level '\(levelText)'; use debug, info, warn, error or none")
        }
        guard let level else {
            logger = Logger(label: "deployer") { _ in SwiftLogNoOpLogHandler() }
            return
        }
        var logger: Logger
        if let path = options.logFile {
            let sink: DeployLogHandler.Sink
            do {
                sink = try DeployLogHandler.Sink(path: path)
            } catch {
                throw ValidationError("Cannot write the log file '\(path)': \(error.localizedDescription)")
            }
            logger = Logger(label: "deployer") { DeployLogHandler(label: $0, sink: sink) }
        } else {
            logger = Logger(label: "deployer") { StreamLogHandler.standardError(label: $0) }
        }
        logger.logLevel = level
        self.logger = logger
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
            stagePath: ["validating"])
        let compiler = PackageCompiler(
            cache: CompiledPackageCache(root: home + "/compiled"),
            workDirectory: compileDirectory, logger: logger)
        let installer = CPIInstaller(compiler: compiler, renderer: RubyERBRenderer(), logger: logger)
        return Orchestrator(
            interpolator: Interpolator(generator: BoshVariableGenerator(), environment: processEnvironment),
            artifacts: resolver, inspector: TarballInspector(),
            provisioner: LocalCPIProvisioner(installer: installer, logger: logger),
            connector: MbusAgentConnector(), renderer: RubyERBRenderer(),
            compiledPackages: CompiledPackageCache(root: home + "/compiled"),
            options: OrchestratorOptions(deployerHome: home, userHome: userHome))
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
            : TerminalRenderer(output: output, isTTY: isatty(STDOUT_FILENO) != 0)
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
        if error.find(StateError.self) != nil {
            return "Check the state file '\(statePath)' (a copy of its previous version is kept as '\(statePath).bak')."
        }
        if error.find(ManifestError.self) != nil || (error as? ContextError)?.context == "Validating" {
            return "Nothing was created in the cloud. Fix the manifest, its variables or the files it names, "
                + "then run the command again."
        }
        return "Fix the cause above and run the same command again: the state file '\(statePath)' records "
            + "every cloud resource created so far, so the next run continues from there."
    }
}

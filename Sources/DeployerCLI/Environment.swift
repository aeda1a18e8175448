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
        let levelText = (options.logLevel ?? environment["DEPLOYER_LOG_LEVEL"] ?? "none").lowercased()
        let level: Logger.Level?
        switch levelText {
        case "none", "": level = nil
        case "debug": level = .debug
        case "info": level = .info
        case "warn", "warning": level = .warning
        case "error": level = .error
        default: throw ValidationError("Unknown log level '\(levelText)'; use debug, info, warn, error or none")
        }
        if let level {
            var logger = Logger(label: "deployer") { StreamLogHandler.standardError(label: $0) }
            logger.logLevel = level
            self.logger = logger
        } else {
            self.logger = Logger(label: "deployer") { _ in SwiftLogNoOpLogHandler() }
        }
    }

    /// The state store for the manifest (`--state` or `<manifest>-state.json`).
    func stateStore() -> FileStateStore {
        FileStateStore(path: options.statePath)
    }

    /// Writes `text` to standard output.
    func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// The orchestrator with its real collaborators; `sink` also receives download progress.
    func makeOrchestrator(sink: any EventSink) -> Orchestrator {
        let userHome = NSHomeDirectory()
        let resolver = ArtifactResolver(
            deployerHome: home, userHomeDirectory: userHome, downloader: HTTPDownloader(), sink: sink,
            stagePath: ["validating"])
        let compiler = PackageCompiler(
            cache: CompiledPackageCache(root: home + "/compiled"),
            workDirectory: home + "/tmp/compile-" + UUID().uuidString.lowercased(), logger: logger)
        let installer = CPIInstaller(compiler: compiler, renderer: RubyERBRenderer(), logger: logger)
        return Orchestrator(
            interpolator: Interpolator(generator: BoshVariableGenerator(), environment: processEnvironment),
            artifacts: resolver, inspector: TarballInspector(),
            provisioner: LocalCPIProvisioner(installer: installer, logger: logger),
            connector: MbusAgentConnector(), renderer: RubyERBRenderer(),
            options: OrchestratorOptions(deployerHome: home, userHome: userHome))
    }

    /// Runs `body` with a stage rendering to the terminal (or NDJSON with `--json`); on error
    /// prints one message naming the failed step and what to do, and exits 1.
    /// - Throws: `ExitCode` (1 on failure, or what `body` threw).
    func run(
        command: String, printSucceeded: Bool = true, _ body: (Orchestrator, any Stage) async throws -> Void
    ) async throws {
        let output = ClosureTextOutput { text in FileHandle.standardOutput.write(Data(text.utf8)) }
        let sink: any EventSink = options.json
            ? NDJSONRenderer(output: output)
            : TerminalRenderer(output: output, isTTY: isatty(STDOUT_FILENO) != 0)
        let stage = EventStage(sink: sink)
        do {
            try await body(makeOrchestrator(sink: sink), stage)
            if printSucceeded && !options.json { write("\nSucceeded\n") }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            let message = "\(command) failed: \(error)\n" + Self.advice(for: error, statePath: options.statePath)
            if options.json {
                sink.emit(.warning(message))
            } else {
                write("\n")
            }
            FileHandle.standardError.write(Data((message + "\nExit code 1\n").utf8))
            throw ExitCode.failure
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

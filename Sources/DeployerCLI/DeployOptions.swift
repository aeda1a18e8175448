import ArgumentParser
import Deployer
import Foundation
import Interpolation

/// The manifest, variable, state and output flags `deploy`, `delete`, `plan`, `stop` and
/// `start` share (bosh-cli's create-env flags).
struct DeployOptions: ParsableArguments {
    @Argument(help: "Path to the deployment manifest.")
    var manifest: String

    @Option(name: .customLong("state"), help: "State file path (default: <manifest>-state.json beside the manifest).")
    var state: String?

    @OptionGroup var variables: VariableOptions

    @OptionGroup var output: JSONOutputOption

    @Option(
        name: .customLong("log-level"),
        help:
            "Debug log level on stderr: debug, info, warn, error, none (default: none, or DEPLOYER_LOG_LEVEL, or BOSH_LOG_LEVEL)."
    )
    var logLevel: String?

    @Option(
        name: .customLong("log-file"),
        help: "Write the debug log to this file (mode 0600) instead of stderr (or BOSH_LOG_PATH, appended to).")
    var logFile: String?

    @OptionGroup var global: GlobalOptions

    /// Whether `--json` was given.
    var json: Bool { output.json }

    /// The interpolation these flags describe; every variable must be found.
    var interpolation: InterpolationRequest {
        InterpolationRequest(
            manifestPath: manifest, opsFiles: variables.opsFiles,
            variables: variables.variableFlags,
            path: nil, expectAllKeys: true, expectAllVarsUsed: false)
    }

    /// The state file's path.
    var statePath: String {
        FileStateStore.statePath(forManifest: manifest, explicit: state)
    }
}

/// `--parallel` and `--cpi-timeout`: the flags of the commands that install (and so compile)
/// the CPI.
struct CPIRunOptions: ParsableArguments {
    @Option(
        name: .customLong("parallel"),
        help: ArgumentHelp(
            "Most packages compiled at once, locally for the CPI and on the VM (at most 5 there; "
                + "default: the number of processors).",
            valueName: "N"))
    var parallel: Int?

    @Option(
        name: .customLong("cpi-timeout"),
        help: ArgumentHelp(
            "Longest one CPI call may run, in seconds (default: no limit, as bosh-cli).", valueName: "SECONDS"))
    var cpiTimeout: Int?

    @Option(
        name: .customLong("package-dir"),
        help: ArgumentHelp(
            "Where the CPI's packages are compiled and run from (bosh-cli's package cache location override; "
                + "default: $DEPLOYER_HOME/packages). A short path keeps Ruby binstubs' #! lines within the kernel's limit.",
            valueName: "DIR"))
    var packageDir: String?

    func validate() throws {
        if let parallel, parallel < 1 {
            throw ValidationError("--parallel must be at least 1 (got \(parallel)); 1 compiles one package at a time")
        }
        if let cpiTimeout, cpiTimeout < 1 {
            throw ValidationError("--cpi-timeout must be at least 1 second (got \(cpiTimeout))")
        }
    }

    /// These flags applied to `tuning`.
    func applied(to tuning: RunTuning) -> RunTuning {
        var tuning = tuning
        if let parallel { tuning.maxParallel = parallel }
        if let cpiTimeout { tuning.cpiTimeout = .seconds(cpiTimeout) }
        if let packageDir, !packageDir.isEmpty {
            // Packages bake their absolute path in: a relative one is resolved once, here.
            tuning.packageDirectory =
                packageDir.hasPrefix("/")
                ? packageDir : FileManager.default.currentDirectoryPath + "/" + packageDir
        }
        return tuning
    }
}

/// `--agent-timeout`: how long `deploy` waits for the new VM's agent.
struct AgentTimeoutOption: ParsableArguments {
    @Option(
        name: .customLong("agent-timeout"),
        help: ArgumentHelp("How long to wait for the new VM's agent to answer, in seconds.", valueName: "SECONDS"))
    var agentTimeout: Int = 600

    func validate() throws {
        if agentTimeout < 1 {
            throw ValidationError("--agent-timeout must be at least 1 second (got \(agentTimeout))")
        }
    }
}

/// Parallelism and time limits of one run, from the flags (defaults when a command has none).
struct RunTuning: Sendable, Hashable {
    /// `--parallel`: most packages compiled at once, locally and on the VM.
    var maxParallel = ProcessInfo.processInfo.activeProcessorCount
    /// `--cpi-timeout`: nil for no limit.
    var cpiTimeout: Duration?
    /// `--package-dir`: the CPI package store; nil for `$DEPLOYER_HOME/packages`.
    var packageDirectory: String?
    /// `--agent-timeout` (bosh-cli: 10 minutes).
    var agentTimeout: Duration = .seconds(600)
}

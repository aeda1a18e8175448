import ArgumentParser
import Deployer
import Interpolation

/// The manifest, variable and state flags `deploy`, `delete` and `plan` share (bosh-cli's
/// create-env flags).
struct DeployOptions: ParsableArguments {
    @Argument(help: "Path to the deployment manifest.")
    var manifest: String

    @Option(name: .customLong("state"), help: "State file path (default: <manifest>-state.json beside the manifest).")
    var state: String?

    @OptionGroup var variables: VariableOptions

    @Flag(name: .customLong("json"), help: "Write progress as JSON lines (NDJSON) instead of text.")
    var json = false

    @Option(name: .customLong("log-level"), help: "Debug log level on stderr: debug, info, warn, error, none (default: none, or DEPLOYER_LOG_LEVEL).")
    var logLevel: String?

    @Option(name: .customLong("log-file"), help: "Write the debug log to this file (mode 0600) instead of stderr.")
    var logFile: String?

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

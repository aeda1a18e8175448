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

    @Option(name: [.customShort("o"), .customLong("ops-file")], help: "Load manifest operations from a YAML file.")
    var opsFiles: [String] = []

    @Option(name: [.customShort("v"), .customLong("var")], help: ArgumentHelp("Set variable.", valueName: "VAR=VALUE"))
    var vars: [String] = []

    @Option(name: .customLong("var-file"), help: ArgumentHelp("Set variable to file contents.", valueName: "VAR=PATH"))
    var varFiles: [String] = []

    @Option(name: [.customShort("l"), .customLong("vars-file")], help: "Load variables from a YAML file.")
    var varsFiles: [String] = []

    @Option(name: .customLong("vars-env"), help: "Load variables from environment variables (e.g.: 'MY' to load MY_var=value).")
    var varsEnv: [String] = []

    @Option(name: .customLong("vars-store"), help: "Load/save variables from/to a YAML file.")
    var varsStore: String?

    @Flag(name: .customLong("json"), help: "Write progress as JSON lines (NDJSON) instead of text.")
    var json = false

    @Option(name: .customLong("log-level"), help: "Debug log level on stderr: debug, info, warn, error, none (default: none, or DEPLOYER_LOG_LEVEL).")
    var logLevel: String?

    @Option(name: .customLong("log-file"), help: "Write the debug log to this file (mode 0600) instead of stderr.")
    var logFile: String?

    /// The interpolation these flags describe; every variable must be found.
    var interpolation: InterpolationRequest {
        InterpolationRequest(
            manifestPath: manifest, opsFiles: opsFiles,
            variables: VariableFlags(
                vars: vars, varFiles: varFiles, varsFiles: varsFiles, varsEnvPrefixes: varsEnv, varsStore: varsStore),
            path: nil, expectAllKeys: true, expectAllVarsUsed: false)
    }

    /// The state file's path.
    var statePath: String {
        FileStateStore.statePath(forManifest: manifest, explicit: state)
    }
}

import ArgumentParser
import Interpolation

/// bosh-cli's ops-file and variable flags, shared by `interpolate` and the create-env commands.
struct VariableOptions: ParsableArguments {
    @Option(name: [.customShort("o"), .customLong("ops-file")], help: "Load manifest operations from a YAML file.")
    var opsFiles: [String] = []

    @Option(name: [.customShort("v"), .customLong("var")], help: ArgumentHelp("Set variable.", valueName: "VAR=VALUE"))
    var vars: [String] = []

    @Option(name: .customLong("var-file"), help: ArgumentHelp("Set variable to file contents.", valueName: "VAR=PATH"))
    var varFiles: [String] = []

    @Option(name: [.customShort("l"), .customLong("vars-file")], help: "Load variables from a YAML file.")
    var varsFiles: [String] = []

    @Option(
        name: .customLong("vars-env"),
        help: "Load variables from environment variables (e.g.: 'MY' to load MY_var=value).")
    var varsEnv: [String] = []

    @Option(name: .customLong("vars-store"), help: "Load/save variables from/to a YAML file.")
    var varsStore: String?

    /// The variable sources these flags name, in bosh-cli's precedence.
    var variableFlags: VariableFlags {
        VariableFlags(
            vars: vars, varFiles: varFiles, varsFiles: varsFiles, varsEnvPrefixes: varsEnv, varsStore: varsStore)
    }
}

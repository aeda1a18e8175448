import DeployerSupport

/// The command line: `local-agent --settings PATH --vm-dir DIR`.
struct AgentOptions: Sendable, Equatable {
    /// The agent settings JSON the CPI wrote.
    var settingsPath: String
    /// The VM directory; it plays `/var/vcap`.
    var vmDirectory: String

    static let usage = """
        usage: local-agent --settings PATH --vm-dir DIR

          --settings PATH   agent settings JSON (agent_id, mbus, env.bosh.mbus.cert, networks, disks)
          --vm-dir DIR      the VM directory; it plays /var/vcap for jobs, packages and disks
        """

    /// Parses `arguments` (without the program name); `--name value` or `--name=value`.
    /// - Throws: `LocalAgentError` naming the unknown or missing option.
    init(arguments: [String]) throws {
        let values: [String: String]
        do {
            values = try NamedOptions.parse(arguments, allowed: ["--settings", "--vm-dir"])
        } catch {
            throw LocalAgentError(error.description)
        }
        guard let settings = values["--settings"], !settings.isEmpty else {
            throw LocalAgentError("--settings is required")
        }
        guard let vm = values["--vm-dir"], !vm.isEmpty else { throw LocalAgentError("--vm-dir is required") }
        settingsPath = settings
        vmDirectory = vm
    }
}

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
        var values: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard name == "--settings" || name == "--vm-dir" else {
                throw LocalAgentError("unknown argument '\(argument)'")
            }
            if value == nil {
                index += 1
                guard index < arguments.count else { throw LocalAgentError("\(name) needs a value") }
                value = arguments[index]
            }
            values[name] = value
            index += 1
        }
        guard let settings = values["--settings"], !settings.isEmpty else {
            throw LocalAgentError("--settings is required")
        }
        guard let vm = values["--vm-dir"], !vm.isEmpty else { throw LocalAgentError("--vm-dir is required") }
        settingsPath = settings
        vmDirectory = vm
    }
}

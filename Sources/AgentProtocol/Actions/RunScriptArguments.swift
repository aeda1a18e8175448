import DeployerSupport

/// The arguments of `run_script`: `[name, options]`.
public struct RunScriptArguments: Sendable, Hashable {
    /// The script's name, e.g. `pre-start`; the agent runs it for every job that has one.
    public var name: String
    /// `{}` from bosh-cli.
    public var options: RunScriptOptions

    /// Creates the arguments; the default options send `{}` as bosh-cli does.
    public init(name: String, options: RunScriptOptions = RunScriptOptions()) {
        self.name = name
        self.options = options
    }

    func encoded() throws -> [AgentJSON] {
        [.string(name), try AgentJSON(encoding: options)]
    }

    /// Options that are absent or not an object count as `{}`, as the agent treats them.
    init(decoding arguments: PositionalArguments) throws {
        name = try arguments.string(0)
        options = arguments.optional(1).flatMap { try? $0.decode(RunScriptOptions.self) } ?? RunScriptOptions()
    }
}

/// The options object of `run_script`: `{"env": {...}}`; bosh-cli sends `{}`.
public struct RunScriptOptions: Codable, Sendable, Hashable {
    /// Extra environment for the script; omitted when `nil`.
    public var env: [String: String]?

    /// Creates options; `nil` sends `{}` as bosh-cli does.
    public init(env: [String: String]? = nil) {
        self.env = env
    }
}

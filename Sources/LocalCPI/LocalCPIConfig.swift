import CPIProtocol
import DeployerSupport
import Foundation

/// The configuration of `local-cpi`, the JSON file its job template renders.
///
/// Found at `--config PATH`, else `$LOCAL_CPI_CONFIG`, else
/// `$BOSH_JOBS_DIR/local_cpi/config/cpi.json` (bosh-cli starts a CPI with no arguments and sets
/// `BOSH_JOBS_DIR`). Format:
///
/// ```json
/// {
///   "root_dir": "/home/u/.deployer/local-cloud",
///   "agent_binary": "/optional/path/to/local-agent",
///   "agent_stop_timeout": 10,
///   "agent": {
///     "mbus": "https://mbus:PASSWORD@0.0.0.0:6868",
///     "blobstore": {"provider": "local", "options": {"blobstore_path": "/var/vcap/micro_bosh/data/cache"}},
///     "ntp": ["time1.google.com"]
///   }
/// }
/// ```
/// - `root_dir` (required, absolute): where stemcells, VMs and disks live.
/// - `agent_binary` (optional): the agent every VM runs; by default the `local-agent` file
///   found at the top (or under `bin/`) of the stemcell image.
/// - `agent_stop_timeout` (optional, seconds, default 10): SIGTERM grace before SIGKILL.
/// - `agent.mbus`: the mbus URL written to each VM's settings; `{{ip}}` and a `0.0.0.0` host
///   are replaced by the VM's static IP, so every VM listens on its own loopback address.
/// - `agent.blobstore`, `agent.ntp`: copied into each VM's settings as they are.
struct LocalCPIConfig: Sendable, Equatable {
    /// `root_dir`.
    var rootDirectory: String
    /// `agent_binary`.
    var agentBinary: String?
    /// `agent_stop_timeout` in seconds.
    var agentStopTimeout: Double
    /// `agent.mbus`.
    var mbus: String?
    /// `agent.blobstore`.
    var blobstore: JSONValue
    /// `agent.ntp`.
    var ntp: [String]

    /// The file name under the jobs directory: `local_cpi/config/cpi.json`.
    static let jobRelativePath = "local_cpi/config/cpi.json"

    /// Where the configuration is: the explicit path, `LOCAL_CPI_CONFIG`, or under `BOSH_JOBS_DIR`.
    /// - Throws: `LocalCPIError` when none of them is set.
    static func locate(explicitPath: String?, environment: [String: String]) throws -> String {
        if let explicitPath, !explicitPath.isEmpty { return explicitPath }
        if let path = environment["LOCAL_CPI_CONFIG"], !path.isEmpty { return path }
        if let jobs = environment["BOSH_JOBS_DIR"], !jobs.isEmpty {
            return (jobs as NSString).appendingPathComponent(jobRelativePath)
        }
        throw LocalCPIError(
            "no configuration: pass --config PATH, or set LOCAL_CPI_CONFIG or BOSH_JOBS_DIR "
                + "(the config is <BOSH_JOBS_DIR>/\(jobRelativePath))")
    }

    /// Reads and checks the configuration file at `path`.
    /// - Throws: `LocalCPIError` naming the file and the bad field.
    static func load(path: String) throws -> LocalCPIConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LocalCPIError("Reading config '\(path)': cannot read the file")
        }
        guard let json = try? JSONValue(parsing: data) else {
            throw LocalCPIError("Reading config '\(path)': not valid JSON")
        }
        return try LocalCPIConfig(json: json, path: path)
    }

    /// Builds the configuration from parsed JSON.
    /// - Throws: `LocalCPIError` naming `path` and the bad field.
    init(json: JSONValue, path: String) throws {
        func bad(_ field: String, _ expected: String) -> LocalCPIError {
            LocalCPIError("Reading config '\(path)': '\(field)' must be \(expected)")
        }
        guard json.objectValue != nil else { throw bad("the top level", "an object") }
        guard let root = json["root_dir"]?.stringValue, root.hasPrefix("/") else {
            throw bad("root_dir", "an absolute path")
        }
        rootDirectory = (root as NSString).standardizingPath
        switch json["agent_binary"] {
        case nil, .null?: agentBinary = nil
        case .string(let value)? where value.hasPrefix("/"): agentBinary = value
        default: throw bad("agent_binary", "an absolute path")
        }
        switch json["agent_stop_timeout"] {
        case nil, .null?: agentStopTimeout = 10
        case .int(let value)? where value >= 0: agentStopTimeout = Double(value)
        case .double(let value)? where value >= 0 && value.isFinite: agentStopTimeout = value
        default: throw bad("agent_stop_timeout", "a number of seconds")
        }
        let agent = json["agent"] ?? .object([:])
        guard agent.isNull || agent.objectValue != nil else { throw bad("agent", "an object") }
        switch agent["mbus"] {
        case nil, .null?: mbus = nil
        case .string(let value)?: mbus = value
        default: throw bad("agent.mbus", "a URL string")
        }
        blobstore = agent["blobstore"] ?? .null
        switch agent["ntp"] {
        case nil, .null?: ntp = []
        case .array(let values)?:
            ntp = try values.map { value in
                guard let string = value.stringValue else { throw bad("agent.ntp", "an array of strings") }
                return string
            }
        default: throw bad("agent.ntp", "an array of strings")
        }
    }
}

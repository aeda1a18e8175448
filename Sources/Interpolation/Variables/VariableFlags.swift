import DeployerSupport
import GoYAML

/// The variable flags of `interpolate` / `create-env`, as given on the command line, and how
/// they turn into sources with bosh-cli's precedence: `-v` over `--var-file` over `-l` over
/// `--vars-env` (merged into one `StaticVariables`), then the vars store.
public struct VariableFlags: Sendable, Hashable {
    /// `-v NAME=VALUE` (VALUE parsed as YAML).
    public var vars: [String]
    /// `--var-file NAME=PATH` (the file's text).
    public var varFiles: [String]
    /// `-l PATH` (a YAML map).
    public var varsFiles: [String]
    /// `--vars-env PREFIX` (`PREFIX_name` environment variables, parsed as YAML).
    public var varsEnvPrefixes: [String]
    /// `--vars-store PATH`.
    public var varsStore: String?

    /// Creates the flags.
    public init(
        vars: [String] = [], varFiles: [String] = [], varsFiles: [String] = [],
        varsEnvPrefixes: [String] = [], varsStore: String? = nil
    ) {
        self.vars = vars
        self.varFiles = varFiles
        self.varsFiles = varsFiles
        self.varsEnvPrefixes = varsEnvPrefixes
        self.varsStore = varsStore
    }

    /// Every source in precedence order: the merged static variables, then the vars store.
    ///
    /// - Parameters:
    ///   - environment: the process environment (injected; only `--vars-env` reads it).
    ///   - generator: generates typed variables missing from the vars store.
    ///   - savesGenerated: whether the vars store writes what it generates (false for a dry run).
    /// - Throws: `VariableError.invalidFlag` naming the flag, with bosh-cli's reason (which
    ///   names the file or the argument).
    public func sources(
        environment: [String: String], generator: any VariableGenerator, savesGenerated: Bool = true
    ) throws -> MultiVariables {
        var sources: [any VariableSource] = [try staticVariables(environment: environment)]
        if let varsStore {
            guard !varsStore.isEmpty else {
                throw VariableError.invalidFlag(
                    flag: "--vars-store", expectedType: "opts.VarsFSStore", reason: "Expected file path to be non-empty"
                )
            }
            let path = try flag("--vars-store", "opts.VarsFSStore") {
                try withContext("Getting absolute path '\(varsStore)'") {
                    try FileContents.expand(varsStore, home: environment["HOME"])
                }
            }
            sources.append(VarsFileStore(path: path, generator: generator, saves: savesGenerated))
        }
        return MultiVariables(sources)
    }

    /// The flags other than the vars store merged into one map; later kinds override earlier
    /// ones in the order `--vars-env`, `-l`, `--var-file`, `-v`, and within a kind the last wins.
    ///
    /// - Throws: `VariableError.invalidFlag`.
    public func staticVariables(environment: [String: String]) throws -> StaticVariables {
        var merged: [String: YAMLNode] = [:]
        for prefix in varsEnvPrefixes {
            let values = try flag("--vars-env", "[]template.VarsEnvArg") {
                try Self.environmentVariables(prefix, environment)
            }
            merged.merge(values) { _, new in new }
        }
        for path in varsFiles {
            let values = try flag("-l, --vars-file", "[]template.VarsFileArg") { try Self.varsFile(path) }
            merged.merge(values) { _, new in new }
        }
        for argument in varFiles {
            let (name, value) = try flag("--var-file", "[]template.VarFileArg") {
                try Self.varFile(argument, home: environment["HOME"])
            }
            merged[name] = value
        }
        for argument in vars {
            let (name, value) = try flag("-v, --var", "[]template.VarKV") { try Self.keyValue(argument) }
            merged[name] = value
        }
        return StaticVariables(merged)
    }

    private func flag<T>(_ flag: String, _ expectedType: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            // go-flags prints the cause flat, on one line after the flag.
            throw VariableError.invalidFlag(flag: flag, expectedType: expectedType, reason: String(describing: error))
        }
    }

    /// `-v NAME=VALUE`: a YAML value, except that a string keeps its raw text (one pair of
    /// wrapping quotes removed) because YAML parsing would fold its newlines.
    static func keyValue(_ argument: String) throws -> (String, YAMLNode) {
        let (name, text) = try nameAndRest(argument, restName: "value")
        let parsed = try withContext("Deserializing variables '\(argument)'") { try YAMLCodec.parse(text) }
        guard case .string = parsed else { return (name, parsed) }
        return (name, .string(trimmingWrappingQuotes(text)))
    }

    /// Splits `NAME=REST` at the first `=`, with bosh-cli's messages for a missing `=` or an
    /// empty side; `restName` is what the flag's REST is (`value`, `path`).
    private static func nameAndRest(_ argument: String, restName: String) throws -> (String, String) {
        guard let equals = argument.firstIndex(of: "=") else {
            throw VariableError.invalidValue("Expected var '\(argument)' to be in format 'name=\(restName)'")
        }
        let name = String(argument[..<equals])
        let rest = String(argument[argument.index(after: equals)...])
        guard !name.isEmpty else {
            throw VariableError.invalidValue("Expected var '\(argument)' to specify non-empty name")
        }
        guard !rest.isEmpty else {
            throw VariableError.invalidValue("Expected var '\(argument)' to specify non-empty \(restName)")
        }
        return (name, rest)
    }

    private static func trimmingWrappingQuotes(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, let last = text.last,
            (first == "\"" && last == "\"") || (first == "'" && last == "'")
        else { return text }
        return String(text.dropFirst().dropLast())
    }

    /// `--var-file NAME=PATH`: the file's whole text, trailing newline kept; PATH is expanded
    /// (`~` is `home`) as bosh-cli's VarFileArg does.
    static func varFile(_ argument: String, home: String?) throws -> (String, YAMLNode) {
        let (name, path) = try nameAndRest(argument, restName: "path")
        let absolute = try withContext("Getting absolute path '\(path)'") { try FileContents.expand(path, home: home) }
        let text = try withContext("Reading variable from file '\(absolute)'") { try FileContents.readText(absolute) }
        return (name, .string(text))
    }

    /// `-l PATH`: a YAML map of names to values (an empty file provides nothing).
    static func varsFile(_ path: String) throws -> [String: YAMLNode] {
        guard !path.isEmpty else { throw VariableError.invalidValue("Expected file path to be non-empty") }
        // Read as given, not `~`-expanded: bosh-cli's VarsFileArg reads the path as it is.
        let bytes = try withContext("Reading variables file '\(path)'") { try FileContents.read(path) }
        let map = try withContext("Deserializing variables file '\(path)'") {
            try VariablesDocument.map(from: YAMLCodec.parse(bytes: bytes))
        }
        var result: [String: YAMLNode] = [:]
        for entry in map.entries {
            if let name = entry.key.stringValue { result[name] = entry.value }
        }
        return result
    }

    /// `--vars-env PREFIX`: every `PREFIX_name` variable, its value parsed as YAML.
    static func environmentVariables(_ prefix: String, _ environment: [String: String]) throws -> [String: YAMLNode] {
        guard !prefix.isEmpty else {
            throw VariableError.invalidValue("Expected environment variable prefix to be non-empty")
        }
        var result: [String: YAMLNode] = [:]
        for (key, value) in environment where key.hasPrefix(prefix + "_") {
            result[String(key.dropFirst(prefix.count + 1))] = try withContext(
                "Deserializing YAML from environment variable '\(key)'"
            ) { try YAMLCodec.parse(value) }
        }
        return result
    }
}
